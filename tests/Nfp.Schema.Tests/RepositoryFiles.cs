namespace Nfp.Schema.Tests;

/// <summary>Files of the checkout the tests run from (the docs they keep true).</summary>
internal static class RepositoryFiles
{
    /// <summary>The path of <paramref name="relative"/> (e.g. <c>docs/rpc.md</c>) in the checkout.</summary>
    public static string PathOf(string relative)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "NFP.sln")))
        {
            folder = folder.Parent;
        }
        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("NFP.sln not found above the test's folder."), relative);
    }
}
