using System.Numerics;

namespace Sweep.Kernels.Cpu;

/// <summary>
/// Column sums of a row-major rows×cols matrix added into <c>result</c> (bias gradients), every column summed in row
/// order: in registers, a strip of columns down all the rows, when rows are short; a row at a time through
/// <c>result</c> when they are long (a strip walks rows 1 KB or more apart, which fall in a few L1 sets and miss).
/// </summary>
internal static unsafe class CpuColumnSums
{
    private const int RegisterColumns = 128;

    /// <summary>result (+)= the column sums of x.</summary>
    /// <param name="x">The matrix.</param>
    /// <param name="rows">Its rows.</param>
    /// <param name="cols">Its columns.</param>
    /// <param name="result">cols sums.</param>
    /// <param name="overwrite">Whether to replace result instead of adding to it.</param>
    public static void Add(float* x, int rows, int cols, float* result, bool overwrite)
    {
        if (overwrite)
        {
            new Span<float>(result, cols).Clear();
        }

        if (cols > RegisterColumns)
        {
            AddByRows(x, rows, cols, result, 0, cols);
            return;
        }

        int w = Vector<float>.Count;
        int j = 0;
        for (; j + (4 * w) <= cols; j += 4 * w)
        {
            Vector<float> s0 = Vector.Load(result + j), s1 = Vector.Load(result + j + w);
            Vector<float> s2 = Vector.Load(result + j + (2 * w)), s3 = Vector.Load(result + j + (3 * w));
            float* p = x + j;
            for (int r = 0; r < rows; r++, p += cols)
            {
                s0 += Vector.Load(p);
                s1 += Vector.Load(p + w);
                s2 += Vector.Load(p + (2 * w));
                s3 += Vector.Load(p + (3 * w));
            }

            Vector.Store(s0, result + j);
            Vector.Store(s1, result + j + w);
            Vector.Store(s2, result + j + (2 * w));
            Vector.Store(s3, result + j + (3 * w));
        }

        for (; j + w <= cols; j += w)
        {
            Vector<float> s0 = Vector.Load(result + j);
            float* p = x + j;
            for (int r = 0; r < rows; r++, p += cols)
            {
                s0 += Vector.Load(p);
            }

            Vector.Store(s0, result + j);
        }

        for (; j < cols; j++)
        {
            float s0 = result[j];
            float* p = x + j;
            for (int r = 0; r < rows; r++, p += cols)
            {
                s0 += *p;
            }

            result[j] = s0;
        }
    }

    /// <summary>result[j0..j1) += the column sums of those columns of x, a row at a time.</summary>
    /// <param name="x">The matrix.</param>
    /// <param name="rows">Its rows.</param>
    /// <param name="cols">Its columns (the row stride).</param>
    /// <param name="result">The sums, indexed by column.</param>
    /// <param name="j0">First column.</param>
    /// <param name="j1">One past the last column.</param>
    public static void AddByRows(float* x, int rows, int cols, float* result, int j0, int j1)
    {
        int w = Vector<float>.Count;
        for (int r = 0; r < rows; r++)
        {
            float* row = x + ((long)r * cols);
            int j = j0;
            for (; j + w <= j1; j += w)
            {
                Vector.Store(Vector.Load(result + j) + Vector.Load(row + j), result + j);
            }

            for (; j < j1; j++)
            {
                result[j] += row[j];
            }
        }
    }
}
