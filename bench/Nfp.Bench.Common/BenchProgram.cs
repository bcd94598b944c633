using System.Globalization;
using System.Runtime.InteropServices;

namespace Nfp.Bench;

/// <summary>
/// What every bench's <c>Main</c> does around its run: invariant culture; options parsed (a bad one: its
/// message and the usage, exit 2; help: the usage, exit 0); Ctrl-C or SIGTERM cancels the run, whose
/// clean-up still runs (exit 130); a failure the bench can explain is one line, exit 1.
/// </summary>
public static class BenchProgram
{
    /// <param name="parse">The options, null when help was asked for; throws <see cref="ArgumentException"/> for a bad one.</param>
    /// <param name="explain">A one-line explanation of a failure from outside the bench (popd, Docker), or null to let it propagate.</param>
    public static async Task<int> RunAsync<TOptions>(
        Func<TOptions?> parse, string usage, Func<TOptions, CancellationToken, Task<int>> run, Func<Exception, string?>? explain = null)
        where TOptions : class
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        TOptions? options;
        try
        {
            options = parse();
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(usage);
            return 2;
        }
        if (options is null)
        {
            Console.WriteLine(usage);
            return 0;
        }

        using var cancel = new CancellationTokenSource();
        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            cancel.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        try
        {
            return await run(options, cancel.Token);
        }
        catch (Exception) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (BenchException e)
        {
            Console.Error.WriteLine($"bench failed: {e.Message}");
            return 1;
        }
        catch (Exception e) when (explain?.Invoke(e) is { } explanation)
        {
            Console.Error.WriteLine($"bench failed: {explanation}");
            return 1;
        }
    }
}
