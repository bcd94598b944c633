using System.Net.Sockets;
using System.Text;

namespace Nfp.IntegrationTests.Fuzz;

/// <summary>
/// One HTTP/1.1 request written on a socket as given, for what HttpClient will not send — a Content-Length
/// larger than the body that follows — or cannot read the answer to: a body the server refuses, or does
/// not read, and closes the connection on before it is all sent (HttpClient then fails writing it). What
/// could not be written is let go, and the answer's head (status and headers) is read all the same.
/// </summary>
internal static class RawHttp
{
    public sealed record Answer(int Status, string? ContentType);

    /// <summary>What happens on the connection once <c>body</c> is written.</summary>
    public enum After
    {
        /// <summary>The client closes its side: the body ends short of its Content-Length.</summary>
        Close,

        /// <summary>The client sends nothing more and waits for the answer.</summary>
        Wait,
    }

    /// <summary>Sends the request to <paramref name="server"/>; returns the answer, or null when the server ended the connection without one.</summary>
    public static async Task<Answer?> SendAsync(
        Uri server, string method, string target, IEnumerable<string> headers, long contentLength, byte[] body, After after, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = client.GetStream();
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Length: {contentLength}\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), cancellationToken);
        try
        {
            await stream.WriteAsync(body, cancellationToken);
            if (after == After.Close)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server answered and closed before the body was all sent: its answer is read below.
        }
        string answer;
        try
        {
            answer = await ReadHeadAsync(stream, cancellationToken);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return null;
        }
        if (answer.Length == 0)
        {
            return null;
        }
        var lines = answer.Split("\r\n");
        var status = lines[0].Split(' ') is [_, var code, ..] && int.TryParse(code, out var number)
            ? number
            : throw new InvalidDataException($"not an HTTP answer: {FuzzRandom.Show(answer)}");
        var contentType = lines.Skip(1).Where(line => line.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))
            .Select(line => line["Content-Type:".Length..].Trim()).FirstOrDefault();
        return new Answer(status, contentType);
    }

    /// <summary>The answer up to the blank line that ends its head (or all of it, when the server closes first).</summary>
    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var count = await stream.ReadAsync(buffer, cancellationToken);
            if (count == 0)
            {
                break;
            }
            received.Append(Encoding.ASCII.GetString(buffer, 0, count));
        }
        return received.ToString();
    }
}
