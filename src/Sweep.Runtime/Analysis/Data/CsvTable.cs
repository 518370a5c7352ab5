using System.Text;

namespace Sweep.Analysis;

/// <summary>A minimal RFC 4180 reader: comma separated, double-quoted fields, blank lines skipped.</summary>
internal sealed class CsvTable
{
    private CsvTable(string[] header, List<CsvRow> rows)
    {
        Header = header;
        Rows = rows;
    }

    public string[] Header { get; }

    public List<CsvRow> Rows { get; }

    public static CsvTable Read(TextReader reader, string source)
    {
        var records = new List<(int Line, List<string> Fields)>();
        var field = new StringBuilder();
        List<string>? fields = null;
        bool quoted = false, fieldWasQuoted = false;
        int line = 1, recordLine = 1;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            char ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0 && !fieldWasQuoted:
                    quoted = true;
                    fieldWasQuoted = true;
                    fields ??= [];
                    break;
                case ',':
                    fields ??= [];
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldWasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    fields ??= [];
                    field.Append(ch);
                    break;
            }
        }

        if (quoted)
        {
            throw new FitDataException($"{source}, line {recordLine}: a quoted field is not closed.", source, line: recordLine);
        }

        EndRecord();
        if (records.Count == 0)
        {
            throw new FitDataException($"{source}: the file is empty; expected a header row.", source, row: 0, line: 1);
        }

        string[] header = [.. records[0].Fields.Select(h => h.Trim())];
        var rows = new List<CsvRow>(records.Count - 1);
        for (int r = 1; r < records.Count; r++)
        {
            var (rowLine, rowFields) = records[r];
            if (rowFields.Count != header.Length)
            {
                throw new FitDataException(
                    $"{source}, row {r} (line {rowLine}): {rowFields.Count} fields, but the header has {header.Length}.",
                    source, row: r, line: rowLine);
            }

            rows.Add(new CsvRow(r, rowLine, [.. rowFields]));
        }

        return new CsvTable(header, rows);

        void EndRecord()
        {
            if (fields is null && field.Length == 0)
            {
                return;
            }

            fields ??= [];
            fields.Add(field.ToString());
            field.Clear();
            fieldWasQuoted = false;
            bool blank = fields.Count == 1 && fields[0].Trim().Length == 0;
            if (!blank)
            {
                records.Add((recordLine, fields));
            }

            fields = null;
        }
    }
}

/// <summary>One data row: its 1-based number (the header is row 0), its first line in the file, and its fields.</summary>
internal sealed record CsvRow(int Row, int Line, string[] Fields);
