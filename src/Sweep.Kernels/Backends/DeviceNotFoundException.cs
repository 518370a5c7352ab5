namespace Sweep.Kernels;

/// <summary>A backend was asked for a device this machine does not have: no device of the kind, or not that many.</summary>
/// <example>
/// <code>
/// try { using ComputeBackend cuda = ComputeBackends.Create(BackendKind.Cuda); }
/// catch (DeviceNotFoundException e) { Console.Error.WriteLine($"{e.Kind}: {e.Message}"); }   // no cuda device is available here.
/// </code>
/// </example>
public sealed class DeviceNotFoundException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public DeviceNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is missing.</param>
    public DeviceNotFoundException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is missing.</param>
    /// <param name="innerException">The cause.</param>
    public DeviceNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Device <paramref name="index"/> of <paramref name="kind"/> was asked for, and there are <paramref name="available"/>.</summary>
    /// <param name="kind">The kind asked for.</param>
    /// <param name="index">The index asked for.</param>
    /// <param name="available">How many devices of that kind there are.</param>
    public DeviceNotFoundException(BackendKind kind, int index, int available)
        : base(available == 0
            ? $"no {ComputeBackends.NameOf(kind)} device is available here."
            : $"{ComputeBackends.NameOf(kind)} device {index} does not exist; there are {available}.")
    {
        Kind = kind;
        Index = index;
        Available = available;
    }

    /// <summary>The kind asked for.</summary>
    public BackendKind Kind { get; }

    /// <summary>The index asked for.</summary>
    public int Index { get; }

    /// <summary>How many devices of that kind this machine has.</summary>
    public int Available { get; }
}
