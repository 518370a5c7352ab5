using Sweep.Running;

namespace Sweep.Runtime.Tests.Running;

public sealed class ShardSpecTests
{
    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("0/2", 0, 2)]
    [InlineData("3/4", 3, 4)]
    [InlineData("17/100", 17, 100)]
    public void TryParse_ReadsIndexAndCount(string text, int index, int count)
    {
        Assert.True(ShardSpec.TryParse(text, out ShardSpec shard, out string? error));

        Assert.Equal(new ShardSpec(index, count), shard);
        Assert.Null(error);
        Assert.Equal(text, shard.ToString());
        Assert.Equal($"shard-{index}-of-{count}.db", shard.FileName);
    }

    [Theory]
    [InlineData("2/2")]
    [InlineData("5/2")]
    [InlineData("0/0")]
    public void TryParse_RejectsAnIndexOutsideTheCount(string text)
    {
        Assert.False(ShardSpec.TryParse(text, out _, out string? error));

        Assert.StartsWith("--shard:", error, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
        Assert.Contains("0 ≤ i < n", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("a/2")]
    [InlineData("1/b")]
    [InlineData("-1/2")]
    [InlineData("1/-2")]
    [InlineData("1/2/3")]
    [InlineData("1.0/2")]
    [InlineData(" 1/2")]
    public void TryParse_RejectsWhatIsNotIOverN(string text)
    {
        Assert.False(ShardSpec.TryParse(text, out ShardSpec shard, out string? error));

        Assert.Equal(default, shard);
        Assert.Equal($"--shard: '{text}' is not of the form i/n (e.g. 0/4).", error);
    }

    [Fact]
    public void Includes_PutsEveryIndexInExactlyOneShard()
    {
        ShardSpec[] shards = [new(0, 3), new(1, 3), new(2, 3)];

        for (long index = 0; index < 100; index++)
        {
            Assert.Single(shards, s => s.Includes(index));
            Assert.True(shards[index % 3].Includes(index));
        }
    }
}
