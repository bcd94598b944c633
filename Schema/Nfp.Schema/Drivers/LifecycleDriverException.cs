namespace Nfp.Schema.Drivers;

/// <summary>
/// A lifecycle driver's refusal. Transient: call again a little later (the step is retried until its
/// deadline). Not transient: the operation fails now, with <see cref="Exception.Message"/> as its error.
/// </summary>
public sealed class LifecycleDriverException(string message, bool isTransient, Exception? inner = null) : Exception(message, inner)
{
    public bool IsTransient { get; } = isTransient;
}
