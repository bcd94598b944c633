using Nfp.NetworkServiceManager.Drivers;
using Quartz;

namespace Nfp.NetworkServiceManager.Orchestration;

public static class OrchestrationRegistration
{
    /// <summary>The name every instance's Quartz scheduler shares (one cluster); its factory is a keyed service of this name.</summary>
    internal const string SchedulerName = "nfp-network-service-manager";

    /// <summary>
    /// The orchestration: the lifecycle drivers of configuration, the steps, and the sweeper that resumes
    /// and re-polls the operations kept in PostgreSQL. The worker and the notification consumer are
    /// MassTransit consumers, found with their definitions by the bus (<c>AddNfpMessaging</c>).
    /// </summary>
    public static IHostApplicationBuilder AddNfpOrchestration(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<OrchestrationOptions>(builder.Configuration.GetSection(OrchestrationOptions.Section));
        builder.Services.AddSingleton<LifecycleDrivers>();
        builder.Services.AddHostedService<LifecycleDriverLoading>();
        builder.Services.AddSingleton<OrchestrationQueueSender>();
        builder.Services.AddSingleton<ConfiguratorProxyClient>();
        builder.Services.AddSingleton<NotificationInbox>();
        builder.Services.AddSingleton<HealthNews>();
        builder.Services.AddHostedService<NsdWatch>();
        builder.Services.AddSingleton<ServiceParts>();
        builder.Services.AddSingleton<DeviceSteps>();
        builder.Services.AddSingleton<ConfiguratorSteps>();
        builder.Services.AddSingleton<ServiceStatusSteps>();
        builder.Services.AddSingleton<HealthSteps>();
        builder.Services.AddSingleton<Failovers>();
        builder.Services.AddSingleton<FailoverSteps>();
        builder.Services.AddSingleton<SparePool>();
        builder.Services.AddSingleton<Steps>();
        builder.Services.AddSingleton<StepRunner>();
        builder.Services.AddHostedService<OrchestrationSweeper>();
        AddClusteredJobs(builder);
        return builder;
    }

    /// <summary>
    /// Quartz, on the clustered job store in the manager's PostgreSQL, running the
    /// <see cref="NotificationPullJob"/>, the <see cref="PurgeDeletedJob"/> and the <see cref="SparePoolJob"/>. Every instance shares one scheduler name, so they form one
    /// cluster: a trigger fires on one instance, and an instance that dies hands its work to the others.
    /// </summary>
    private static void AddClusteredJobs(IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(OrchestrationOptions.Section).Get<OrchestrationOptions>() ?? new OrchestrationOptions();
        var interval = TimeSpan.FromMilliseconds(settings.NotificationPullMilliseconds);
        var postgres = Hosting.NfpConnectionStrings.Postgres(
            builder.Configuration, Persistence.PersistenceOptions.JobStoreConnections, "nfp-network-service-manager-quartz");
        builder.Services.AddQuartz(SchedulerName, quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.GenerateInstanceId = true);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(Npgsql.NpgsqlFactory.Instance, postgres);
                // Quartz creates the tables (qrtz_*) of its own version when they are missing.
                store.ProvisionSchema();
                // A check-in every second: an instance that dies (and the pull it held) is taken over by
                // the others within about 2 s, not Quartz's default 15 s of missed pulls.
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = TimeSpan.FromSeconds(1);
                    cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(1);
                });
                store.UseSystemTextJsonSerializer(_ => { });
            });
            // At a fixed rate: each firing pulls (long polls) until just before the next, so that the
            // configurator is listened to nearly all the time. A pull that overruns (a stalled agent, up to
            // the 5 s request timeout) delays the next firing: never two at once; the firings it passed
            // then come one after another and do nothing, up to the one whose interval has not passed.
            quartz.ScheduleJob<NotificationPullJob>(
                trigger => trigger.WithIdentity($"{NotificationPullJob.Key.Name}-every").StartNow()
                    .WithSimpleSchedule(every => every.WithInterval(interval).RepeatForever()
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
                job => job.WithIdentity(NotificationPullJob.Key));
            quartz.ScheduleJob<PurgeDeletedJob>(
                trigger => trigger.WithIdentity($"{PurgeDeletedJob.Key.Name}-every").StartNow()
                    .WithSimpleSchedule(every => every.WithInterval(TimeSpan.FromSeconds(settings.PurgeIntervalSeconds)).RepeatForever()),
                job => job.WithIdentity(PurgeDeletedJob.Key));
            quartz.ScheduleJob<SparePoolJob>(
                trigger => trigger.WithIdentity($"{SparePoolJob.Key.Name}-every").StartNow()
                    .WithSimpleSchedule(every => every.WithInterval(TimeSpan.FromMilliseconds(settings.SparePoolIntervalMilliseconds)).RepeatForever()
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
                job => job.WithIdentity(SparePoolJob.Key));
        });
        builder.Services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
    }
}
