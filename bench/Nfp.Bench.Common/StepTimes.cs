using Npgsql;

namespace Nfp.Bench;

/// <summary>
/// Where a create's time went, from what the manager itself recorded: each step's runs (operation_steps),
/// the operation's start (operations) and when the configurator's answer to a step's call was stored
/// (configurator_notifications). Per step: the time before its first run (after the step before it ended:
/// waiting for a worker, a sweep or a retry's delay), the time from its first run's start to its last
/// run's end, how many runs it took, and for a configurator call the time from the end of the run that
/// sent it to its answer being stored (the configurator's work, and the wait for the next pull).
/// </summary>
public static class StepTimes
{
    private static readonly string[] Graph =
    [
        "select_nsd", "create_nsd", "get_nsd_status", "plug_nsd_interface", "create_nsd_config", "create_network_service_config",
        "create_network_service_healthmonitor", "network_service_active",
    ];

    private sealed record StepRow(Guid Service, string Step, double OperationStart, double FirstStart, double FirstEnd, double LastEnd, long Runs, double? Answered);

    /// <summary>Prints the table for <paramref name="runs"/> (runs whose every service went ACTIVE); nothing when there are none.</summary>
    /// <param name="end">What ends a run's time (<see cref="ManagerRun.Milliseconds"/>), for the table's last row; it may come before the
    /// last step ends (a tunnel passing traffic before its services are ACTIVE): then that row is negative.</param>
    public static async Task PrintAsync(string title, BenchDatabase manager, IReadOnlyList<ManagerRun> runs, string end, CancellationToken cancellationToken)
    {
        if (runs.Count == 0)
        {
            return;
        }
        var rows = await ReadAsync(manager, [.. runs.SelectMany(r => r.Services)], cancellationToken);
        var byService = rows.GroupBy(r => r.Service).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Step));
        Console.WriteLine();
        Console.WriteLine($"#### {title}: where the manager's time went (ms, median over {byService.Count} services)");
        Console.WriteLine();
        Console.WriteLine("| part | before it | in it | runs | call → answer stored |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        var accepted = runs.SelectMany(r => r.Services.Select(s => byService[s].Values.First().OperationStart - r.SentAtUnixMs));
        Console.WriteLine($"| create_network_service sent → operation stored | | {Stats.Median(accepted):0} | | |");
        var previous = byService.ToDictionary(s => s.Key, s => s.Value.Values.First().OperationStart);
        foreach (var step in Graph.Where(step => byService.Values.All(steps => steps.ContainsKey(step))))
        {
            var these = byService.Select(s => (s.Key, Row: s.Value[step])).ToList();
            var answered = these.Where(t => t.Row.Answered is not null).Select(t => t.Row.Answered!.Value - t.Row.FirstEnd).ToList();
            Console.WriteLine($"| {step} | {Stats.Median(these.Select(t => t.Row.FirstStart - previous[t.Key])):0} " +
                              $"| {Stats.Median(these.Select(t => t.Row.LastEnd - t.Row.FirstStart)):0} | {Stats.Median(these.Select(t => (double)t.Row.Runs)):0} " +
                              $"| {(answered.Count > 0 ? Stats.Median(answered).ToString("0", System.Globalization.CultureInfo.InvariantCulture) : "")} |");
            foreach (var (service, row) in these)
            {
                previous[service] = row.LastEnd;
            }
        }
        var noticed = runs.Select(r => r.SentAtUnixMs + r.Milliseconds - r.Services.Max(s => previous[s]));
        Console.WriteLine($"| last network_service_active → {end} | | {Stats.Median(noticed):0} | | |");
    }

    private static async Task<List<StepRow>> ReadAsync(BenchDatabase manager, Guid[] services, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(manager.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT o.resource_id, s.step, {Ms("o.started_at")}, {Ms("min(s.started_at)")}, {Ms("min(s.ended_at)")}, {Ms("max(s.ended_at)")}, count(*),
                   {Ms("n.received_at")}
            FROM operations o
            JOIN operation_steps s ON s.operation_id = o.id
            LEFT JOIN configurator_notifications n ON n.operation_id = o.id AND n.method = s.step
            WHERE o.kind = 'create' AND o.resource_id = ANY(@services)
            GROUP BY o.resource_id, o.started_at, s.step, n.received_at
            """, connection);
        command.Parameters.AddWithValue("services", services);
        var rows = new List<StepRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StepRow(reader.GetGuid(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5),
                reader.GetInt64(6), reader.IsDBNull(7) ? null : reader.GetDouble(7)));
        }
        return rows;
    }

    /// <summary>A timestamp as Unix milliseconds, the client's clock's unit.</summary>
    private static string Ms(string timestamp) => $"(1000 * extract(epoch FROM {timestamp}))::float8";
}
