namespace Nfp.Cli.Service;

/// <summary>The manager's RabbitMQ could not be connected to (nothing listens, or it refused the login); the message never holds the password.</summary>
public sealed class RabbitMqUnreachableException(string broker, string reason, Exception inner)
    : Exception($"cannot connect to RabbitMQ at {broker} within {ManagerConnection.ConnectTimeout.TotalSeconds:0} s: {reason}", inner);
