namespace Nfp.Bench;

/// <summary>A run's clean-up, step by step: one step failing neither hides the run's own error nor skips the steps after it.</summary>
public static class Cleanup
{
    public static async Task QuietlyAsync(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"clean-up: {e.GetType().Name}: {e.Message}");
        }
    }
}
