using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

public class FitDataTests
{
    private static readonly FitColumns s_joint = FitColumns.Joint("params", "tokens", "loss");

    private static FitData Read(string csv, FitColumns? columns = null) => FitData.FromCsv(new StringReader(csv), columns ?? s_joint, "runs.csv");

    [Fact]
    public void ValidCsv_IsReadWithRowsAndQuotedFields()
    {
        FitData data = Read("name,params,tokens,loss\n\"a, small\",1e6,2e7,3.5\r\n\nb,2000000,4.0E7,\"3.1\"\n");
        Assert.Equal(2, data.Count);
        Assert.True(data.IsJoint);
        Assert.Equal([1e6, 2e6], data.X);
        Assert.Equal([2e7, 4e7], data.D);
        Assert.Equal([3.5, 3.1], data.Y);
        Assert.Equal([1, 2], data.Rows);
        Assert.Equal(6 * 1e6 * 2e7, data.Compute[0], 1e-3);
    }

    [Fact]
    public void MissingColumn_NamesTheColumnAndListsTheHeader()
    {
        var ex = Assert.Throws<FitDataException>(() => Read("params,Tokens,loss\n1,2,3\n"));
        Assert.Equal("tokens", ex.Column);
        Assert.Equal(0, ex.Row);
        Assert.Contains("column 'tokens': no such column (did you mean 'Tokens'?)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the header has: params, Tokens, loss", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonNumericValue_NamesRowLineAndColumn()
    {
        var ex = Assert.Throws<FitDataException>(() => Read("params,tokens,loss\n1e6,2e7,3\n\n2e6,4e7,n/a\n"));
        Assert.Equal(2, ex.Row);
        Assert.Equal(4, ex.Line);
        Assert.Equal("loss", ex.Column);
        Assert.Equal("runs.csv, row 2 (line 4), column 'loss': 'n/a' is not a number.", ex.Message);
    }

    [Theory]
    [InlineData("0", "0 must be positive (the fit takes its logarithm)")]
    [InlineData("-3", "-3 must be positive")]
    [InlineData("", "empty value")]
    [InlineData("NaN", "is not a finite number")]
    public void BadScale_NamesRowAndColumn(string value, string expected)
    {
        var ex = Assert.Throws<FitDataException>(() => Read($"params,tokens,loss\n1e6,2e7,3\n{value},4e7,2.9\n"));
        Assert.Equal(2, ex.Row);
        Assert.Equal("params", ex.Column);
        Assert.StartsWith("runs.csv, row 2 (line 3), column 'params': ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RaggedRow_NamesTheRow()
    {
        var ex = Assert.Throws<FitDataException>(() => Read("params,tokens,loss\n1e6,2e7\n"));
        Assert.Equal(1, ex.Row);
        Assert.Contains("row 1 (line 2): 2 fields, but the header has 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FewerPointsThanParameters_NamesRowsColumnsAndLaw()
    {
        FitData data = Read("params,tokens,loss\n1e6,2e7,3\n2e6,4e7,2.9\n3e6,5e7,2.8\n");
        var ex = Assert.Throws<FitDataException>(() => ScalingFitter.Fit(data, ScalingLaw.Chinchilla));
        Assert.Equal("runs.csv, columns 'params', 'tokens', 'loss': 3 point(s) (rows 1–3), but law 'chinchilla' has 5 parameters; need at least 5 points.", ex.Message);
    }

    [Fact]
    public void CsvFile_IsReadFromDiskAndMissingFileIsReported()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sweep-fitdata-{Environment.ProcessId}.csv");
        File.WriteAllText(path, "x,y,group\n10,1.5,a\n100,1.2,b\n1000,1.1,a\n");
        try
        {
            FitData data = FitData.FromCsv(path, FitColumns.Single("x", "y", by: "group"));
            Assert.False(data.IsJoint);
            var groups = data.SplitByGroup();
            Assert.Equal(["a", "b"], groups.Select(g => g.Group));
            Assert.Equal([1, 3], groups[0].Data.Rows);
        }
        finally
        {
            File.Delete(path);
        }

        var ex = Assert.Throws<FitDataException>(() => FitData.FromCsv(path, FitColumns.Single("x", "y")));
        Assert.Contains("file not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_MissingValue_NamesRowAndColumn()
    {
        var records = new[]
        {
            new Dictionary<string, double?> { ["parameters"] = 1e6, ["test_loss"] = 2.0 },
            new Dictionary<string, double?> { ["parameters"] = 2e6, ["test_loss"] = null },
        };
        var ex = Assert.Throws<FitDataException>(() => FitData.FromRecords(records, FitColumns.Single("parameters", "test_loss"), "study mlp-width"));
        Assert.Equal("study mlp-width, row 2, column 'test_loss': no value.", ex.Message);
    }

    [Fact]
    public void ArrayConstructors_ValidateEveryValue()
    {
        var ex = Assert.Throws<FitDataException>(() => FitData.Single([1, 2, 3], [1, -1, 1]));
        Assert.Equal(2, ex.Row);
        Assert.Equal("y", ex.Column);
    }
}
