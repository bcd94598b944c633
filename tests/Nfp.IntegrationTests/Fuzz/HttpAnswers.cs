namespace Nfp.IntegrationTests.Fuzz;

/// <summary>What the REST fuzzers on Kestrel make of an answer.</summary>
internal static class HttpAnswers
{
    /// <summary>
    /// Kestrel's own refusal of a request it cannot parse (a NUL in the path, a request line or headers
    /// over its limits): answered before any NFP code runs, empty, and the connection closed after.
    /// </summary>
    public static bool IsKestrelRefusal(HttpResponseMessage response, string text) =>
        (int)response.StatusCode is 400 or 414 or 431 && text.Length == 0 && response.Headers.ConnectionClose == true;
}
