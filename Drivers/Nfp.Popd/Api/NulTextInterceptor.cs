using System.Collections;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Nfp.Popd.Api;

/// <summary>
/// Refuses, as INVALID_ARGUMENT naming the field, a request with a NUL character (U+0000) in any string
/// field, however deep (a filter's name, a metadata key or value, an endpoint's network): protobuf allows
/// it, but no Docker name, address or environment variable can hold one and PostgreSQL's text cannot
/// (it fails with 22021, which reached the caller as UNKNOWN). One walk over the message's fields by
/// protobuf reflection covers every RPC, and fields added later, before any handler reads them.
/// </summary>
internal sealed class NulTextInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Require(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Require(request);
        return continuation(request, responseStream, context);
    }

    private static void Require(object request)
    {
        if (FieldWithNul(request, "") is { } field)
        {
            throw PopErrors.InvalidArgument($"'{field}' holds a NUL character (U+0000), which no string of the Pop protocol may hold.");
        }
    }

    /// <summary>The path of the first string in <paramref name="value"/> that holds a NUL (a field's proto name, an index, a map key), or null.</summary>
    private static string? FieldWithNul(object? value, string path) => value switch
    {
        string text => text.Contains('\0', StringComparison.Ordinal) ? path : null,
        IMessage message => message.Descriptor.Fields.InDeclarationOrder()
            .Select(field => FieldWithNul(field.Accessor.GetValue(message), path.Length == 0 ? field.Name : $"{path}.{field.Name}"))
            .FirstOrDefault(found => found is not null),
        // A map field: a key with a NUL is named by its place, not by itself.
        IDictionary map => map.Keys.Cast<object>()
            .Select(key => FieldWithNul(key, $"{path} (a key)") ?? FieldWithNul(map[key], $"{path}[{key}]"))
            .FirstOrDefault(found => found is not null),
        IList list => list.Cast<object>()
            .Select((item, index) => FieldWithNul(item, $"{path}[{index}]"))
            .FirstOrDefault(found => found is not null),
        _ => null,
    };
}
