namespace Nfp.Bench;

/// <summary>One measurement of a path against its floor, printed as a Markdown table and the ratio of the medians against the target.</summary>
public static class Comparison
{
    public static void Print(string title, string name, IReadOnlyList<double> times, string floorName, IReadOnlyList<double> floor, double target)
    {
        var ratio = Stats.Median(times) / Stats.Median(floor);
        Console.WriteLine();
        Console.WriteLine($"### {title}");
        Console.WriteLine();
        Console.WriteLine("| path | median | p90 | mean |");
        Console.WriteLine("| --- | --- | --- | --- |");
        Console.WriteLine($"| {name} | {Stats.Median(times):0.0} | {Stats.Percentile(times, 90):0.0} | {Stats.Mean(times):0.0} |");
        Console.WriteLine($"| {floorName} | {Stats.Median(floor):0.0} | {Stats.Percentile(floor, 90):0.0} | {Stats.Mean(floor):0.0} |");
        Console.WriteLine();
        Console.WriteLine($"ratio of medians {ratio:0.000} (target ≤ {target:0.0}): {(ratio <= target ? "met" : "NOT met")}");
    }
}
