using System.Diagnostics;

namespace Nfp.Bench;

/// <summary>
/// The durable RabbitMQ queues a run's daemons declared under its queue prefix (the manager's RPC and
/// orchestration queues, the configurator agent's), deleted at the end with <c>rabbitmqctl</c>, in the
/// vhost of the connection string bootstrap wrote, as the integration tests do.
/// </summary>
public static class RabbitQueues
{
    public static async Task DeleteAsync(string queuePrefix)
    {
        var vhost = Uri.UnescapeDataString(new Uri(BenchEnvironment.Get("ConnectionStrings__RabbitMq")).AbsolutePath.TrimStart('/'));
        var queues = await RabbitMqCtlAsync("list_queues", "-p", vhost, "--quiet", "name");
        foreach (var queue in queues.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                     .Where(q => q.StartsWith(queuePrefix, StringComparison.Ordinal)))
        {
            await RabbitMqCtlAsync("delete_queue", "-p", vhost, queue);
        }
    }

    private static async Task<string> RabbitMqCtlAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new BenchException("Could not run rabbitmqctl.");
        var output = process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await output;
    }
}
