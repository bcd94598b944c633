namespace Nfp.Schema.Resources;

/// <summary>A table of the moves a state may make; a move not in it is illegal.</summary>
public sealed class Transitions<TState>(IReadOnlyDictionary<TState, TState[]> allowed)
    where TState : struct, Enum
{
    public bool IsAllowed(TState from, TState to) =>
        allowed.TryGetValue(from, out var targets) && targets.Contains(to);
}
