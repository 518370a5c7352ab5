namespace Sweep.Storage;

/// <summary>The store cannot do what was asked: a study's declaration changed incompatibly, or stores to merge disagree.</summary>
public sealed class StoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    public StoreException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public StoreException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
