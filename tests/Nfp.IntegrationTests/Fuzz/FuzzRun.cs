using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace Nfp.IntegrationTests.Fuzz;

/// <summary>
/// Runs a fuzzer's inputs, made beforehand from its seed, <c>concurrency</c> at a time, and collects what
/// each check found wrong, named by the input's number and description, for one assertion at the end.
/// </summary>
internal sealed class FuzzRun(string surface, int seed, ITestOutputHelper output)
{
    private readonly ConcurrentBag<(int Index, string Failure)> _failures = [];
    private readonly ConcurrentDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private int _ran;

    /// <summary>Runs <paramref name="check"/> on each input; it returns what the input was answered (to count) or throws to fail it.</summary>
    public async Task RunAsync<TInput>(IReadOnlyList<TInput> inputs, int concurrency, Func<TInput, string> describe, Func<TInput, Task<string>> check)
    {
        output.WriteLine($"{surface}: {inputs.Count} inputs from seed {seed}, {concurrency} at a time");
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, inputs.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (index, _) =>
        {
            try
            {
                _outcomes.AddOrUpdate(await check(inputs[index]), 1, (_, count) => count + 1);
            }
            catch (Exception e)
            {
                Fail(index, $"{describe(inputs[index])}: {e.GetType().Name}: {e.Message}");
            }
            Interlocked.Increment(ref _ran);
        });
        output.WriteLine($"{surface}: {_ran} inputs in {clock.Elapsed.TotalSeconds:F1} s; answers: "
            + string.Join(", ", _outcomes.OrderByDescending(pair => pair.Value).Select(pair => $"{pair.Key} ×{pair.Value}")));
    }

    public void Fail(int index, string failure) => _failures.Add((index, failure));

    /// <summary>Fails the test when any input failed, naming the first few (every one goes to the test output).</summary>
    public void AssertNoFailures()
    {
        var failures = _failures.OrderBy(f => f.Index).ToList();
        foreach (var (index, failure) in failures)
        {
            output.WriteLine($"FAIL #{index}: {failure}");
        }
        Assert.True(failures.Count == 0, $"{surface} (seed {seed}): {failures.Count} of {_ran} inputs failed; first ones:\n"
            + string.Join("\n", failures.Take(10).Select(f => $"#{f.Index}: {f.Failure}")));
    }
}
