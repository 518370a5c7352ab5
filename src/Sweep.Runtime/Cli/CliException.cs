namespace Sweep.Cli;

/// <summary>A command-line mistake: printed as one line naming the flag or value, with exit code 2.</summary>
internal sealed class CliException : Exception
{
    public CliException()
    {
    }

    public CliException(string message) : base(message)
    {
    }

    public CliException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
