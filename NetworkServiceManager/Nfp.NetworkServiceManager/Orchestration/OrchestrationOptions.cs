namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>How the manager carries operations out (configuration section <c>Orchestration</c>).</summary>
public sealed class OrchestrationOptions
{
    public const string Section = "Orchestration";

    /// <summary>This instance's name in the step history (operation_steps); by default host:pid.</summary>
    public string InstanceName { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Events this instance runs at once (the N workers); each runs one binding key's steps.</summary>
    public int Workers { get; set; } = 4;

    /// <summary>How often each instance looks for operations due (resumed, polled, or past a deadline).</summary>
    public int SweepIntervalMilliseconds { get; set; } = 500;

    /// <summary>The deadline of a step without an entry in <see cref="StepDeadlineSeconds"/>.</summary>
    public int DefaultStepDeadlineSeconds { get; set; } = 120;

    /// <summary>Deadlines by step name, e.g. <c>"get_nsd_status": 60</c>.</summary>
    public Dictionary<string, int> StepDeadlineSeconds { get; set; } = [];

    /// <summary>get_nsd_status: the spacing of its polls, and how many it makes before it fails the operation.</summary>
    public int StatusPollMilliseconds { get; set; } = 200;

    public int StatusPollMaxTries { get; set; } = 300;

    /// <summary>How long a step that failed transiently (a driver or database hiccup) waits before it is tried again.</summary>
    public int RetryDelayMilliseconds { get; set; } = 1000;

    /// <summary>How long a configurator call goes unanswered before it is sent again (the step's deadline still bounds the wait).</summary>
    public int ConfiguratorResendSeconds { get; set; } = 20;

    /// <summary>How often the configurator's pending notifications are pulled (once per interval across all instances).</summary>
    public int NotificationPullMilliseconds { get; set; } = 1000;

    /// <summary>How long a DELETED service is kept (listed when asked for) before it is purged; default 7 days.</summary>
    public TimeSpan DeletedRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the purge of DELETED services runs (once per interval across all instances).</summary>
    public int PurgeIntervalSeconds { get; set; } = 3600;

    /// <summary>How often the spare pools are checked and filled (once per interval across all instances).</summary>
    public int SparePoolIntervalMilliseconds { get; set; } = 2000;

    /// <summary>When and how often a dead device is failed over automatically (section <c>Orchestration:Failover</c>).</summary>
    public FailoverOptions Failover { get; set; } = new();

    public TimeSpan DeadlineOf(string step) =>
        TimeSpan.FromSeconds(StepDeadlineSeconds.TryGetValue(step, out var seconds) ? seconds : DefaultStepDeadlineSeconds);
}
