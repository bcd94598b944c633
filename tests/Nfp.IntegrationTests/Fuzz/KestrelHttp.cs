using System.Text;
using System.Text.Json;

namespace Nfp.IntegrationTests.Fuzz;

/// <summary>What the REST fuzzers share, as they send over a real socket to Kestrel.</summary>
internal static class KestrelHttp
{
    /// <summary>
    /// Kestrel's own refusal of a request it cannot parse (a NUL in the path, a request line or headers
    /// over its limits): answered before any NFP code runs, empty, and the connection closed after.
    /// </summary>
    public static bool IsRefusal(HttpResponseMessage response, string text) =>
        (int)response.StatusCode is 400 or 414 or 431 && text.Length == 0 && response.Headers.ConnectionClose == true;

    /// <summary>Whether <paramref name="body"/> is over the daemons' request body limit, to be sent with <see cref="RawHttp"/>.</summary>
    public static bool IsOverLimit(string body) => Encoding.UTF8.GetByteCount(body) > Hosting.BadRequestProblems.MaxRequestBodyBytes;

    /// <summary>
    /// Checks an answer read by <see cref="RawHttp"/>: below 500, and a 4xx as problem+json but for Kestrel's
    /// own refusals (no content type) and an answer to HEAD; returns its status.
    /// </summary>
    public static string Check(RawHttp.Answer? answer, string method)
    {
        Assert.True(answer is not null, "the connection ended unanswered");
        Assert.True(answer.Status < 500, $"answered {answer.Status}");
        if (answer.Status >= 400 && method != "HEAD" && !(answer.Status is 400 or 414 or 431 && answer.ContentType is null))
        {
            Assert.True(answer.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true,
                $"answered {answer.Status} as {answer.ContentType ?? "no content type"}, not problem+json");
        }
        return answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Gives <paramref name="message"/> <paramref name="body"/> as UTF-8, with <paramref name="contentType"/> as it is (none when null).</summary>
    public static void SetBody(HttpRequestMessage message, string body, string? contentType)
    {
        message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
    }

    /// <summary>
    /// Sends <paramref name="message"/> and checks the answer: given within <paramref name="within"/> (else a
    /// <see cref="TimeoutException"/>), below 500, and — a 4xx or 5xx but Kestrel's own refusals, and but an
    /// answer to HEAD, which has no body — problem+json whose status is the answer's. Returns the status.
    /// </summary>
    public static async Task<int> CheckedAsync(HttpClient http, HttpRequestMessage message, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"unanswered within {within.TotalSeconds} s");
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            Assert.True(status < 500, $"answered {status}: {FuzzRandom.Show(text, 2000)}");
            if (status >= 400 && message.Method != HttpMethod.Head && !IsRefusal(response, text))
            {
                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                    $"answered {status} as {response.Content.Headers.ContentType?.ToString() ?? "no content type"}, not problem+json: {FuzzRandom.Show(text)}");
                var problem = JsonDocument.Parse(text).RootElement;
                Assert.True(problem.TryGetProperty("status", out var said) && said.GetInt32() == status, $"answered {status} with the problem {FuzzRandom.Show(text)}");
            }
            return status;
        }
    }
}
