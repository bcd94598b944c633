using System.Collections.Concurrent;

namespace Nfp.Popd.Auth;

/// <summary>
/// Back-off after failed logins, per user name and caller address: after <see cref="FreeFailures"/>
/// failures logins of that name from that address are closed for 1 s, right password or not, and each
/// further failure closes them for twice as long as the one before (2, 4 … s, at most <see cref="MaxWait"/>);
/// a login that passes forgets them. Kept in memory: a restarted popd starts afresh, and a caller elsewhere is
/// not locked out by someone guessing a name from one address.
/// </summary>
internal sealed class LoginThrottle(TimeProvider clock)
{
    public const int FreeFailures = 5;
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Until)> _failures = new(StringComparer.Ordinal);

    /// <summary>How long logins by <paramref name="key"/> are closed still; null when they are open.</summary>
    public TimeSpan? Closed(string key) =>
        _failures.TryGetValue(key, out var state) && state.Until > clock.GetUtcNow() ? state.Until - clock.GetUtcNow() : null;

    public void Failed(string key) => _failures.AddOrUpdate(key, _ => Next(1), (_, state) => Next(state.Failures + 1));

    public void Passed(string key) => _failures.TryRemove(key, out _);

    private (int, DateTimeOffset) Next(int failures)
    {
        var over = failures - FreeFailures + 1;
        var wait = over <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(MaxWait.TotalSeconds, Math.Pow(2, over - 1)));
        return (failures, clock.GetUtcNow() + wait);
    }
}
