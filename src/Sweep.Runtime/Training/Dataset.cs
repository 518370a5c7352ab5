namespace Sweep.Training;

/// <summary>
/// Samples in host memory: inputs row-major rows×inputs, targets rows×targets (regression values, or one class
/// label per row stored as a float). <see cref="SyntheticData"/> generates the built-in tasks' sets; a caller can build
/// its own (say, a previous generation's samples for a model-collapse study).
/// </summary>
/// <example>
/// <code>
/// Dataset train = SyntheticData.Train(DataSpec.TeacherStudent(inputs: 8, teacherWidth: 16, noise: 0.1, train: 500), seed: 1);
/// Console.WriteLine($"{train.Rows}×{train.Inputs}, label variance {train.TargetVariance():F3}");
/// </code>
/// </example>
public sealed class Dataset
{
    /// <summary>Wraps the arrays (not copied).</summary>
    /// <param name="rows">Samples.</param>
    /// <param name="inputs">Input width.</param>
    /// <param name="outputs">Model outputs: regression targets per row, or classes.</param>
    /// <param name="isClassification">Whether Y holds class labels.</param>
    /// <param name="x">Inputs, rows×inputs.</param>
    /// <param name="y">Targets, rows×outputs (regression) or rows (labels).</param>
    public Dataset(int rows, int inputs, int outputs, bool isClassification, float[] x, float[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        Rows = rows;
        Inputs = inputs;
        Outputs = outputs;
        IsClassification = isClassification;
        if (x.Length != (long)rows * inputs || y.Length != (long)rows * Targets)
        {
            throw new ArgumentException($"expected {rows}×{inputs} inputs and {rows}×{Targets} targets.");
        }

        X = x;
        Y = y;
    }

    /// <summary>Samples.</summary>
    public int Rows { get; }

    /// <summary>Input width.</summary>
    public int Inputs { get; }

    /// <summary>Model outputs (1 for scalar regression, the class count for classification).</summary>
    public int Outputs { get; }

    /// <summary>Whether targets are class labels.</summary>
    public bool IsClassification { get; }

    /// <summary>Target values per row: 1 (a label) for classification, <see cref="Outputs"/> for regression.</summary>
    public int Targets => IsClassification ? 1 : Outputs;

    /// <summary>Inputs, rows×inputs.</summary>
#pragma warning disable CA1819 // the arrays are the data; copying them would defeat the purpose
    public float[] X { get; }

    /// <summary>Targets, rows×targets.</summary>
    public float[] Y { get; }
#pragma warning restore CA1819

    /// <summary>The targets' variance (mean over target columns), the loss of predicting the mean; NaN for classification.</summary>
    /// <returns>The variance.</returns>
    public double TargetVariance()
    {
        if (IsClassification || Rows == 0)
        {
            return double.NaN;
        }

        double total = 0;
        for (int t = 0; t < Targets; t++)
        {
            double mean = 0, sq = 0;
            for (int i = 0; i < Rows; i++)
            {
                mean += Y[(i * Targets) + t];
            }

            mean /= Rows;
            for (int i = 0; i < Rows; i++)
            {
                double d = Y[(i * Targets) + t] - mean;
                sq += d * d;
            }

            total += sq / Rows;
        }

        return total / Targets;
    }
}
