namespace Nfp.Cli.Output;

/// <summary>The form of one item a single-object command prints: FIELD and value, one field a line.</summary>
internal sealed class CliRecord<T>(Func<T, IEnumerable<(string Field, string Value)>> fields)
{
    public IEnumerable<(string Field, string Value)> Fields(T item) => fields(item);
}
