namespace Nfp.Cli.Service;

/// <summary>A name given for a service names none (<see cref="ServiceExitCodes.NotFound"/>) or several (<see cref="ServiceExitCodes.AmbiguousName"/>).</summary>
internal sealed class ServiceNameException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
