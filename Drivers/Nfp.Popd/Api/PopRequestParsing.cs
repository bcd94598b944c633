using Google.Protobuf;
using Grpc.Core;

namespace Nfp.Popd.Api;

/// <summary>
/// Binds the Pop service (named by <see cref="BindServiceMethodAttribute"/> on <see cref="PopService"/>) as
/// the generated <c>Pop.BindService</c> does, but with each method's request deserializer refusing bytes
/// that are not a valid message — a truncated field, an invalid wire type, a string that is not UTF-8 —
/// as INVALID_ARGUMENT naming the problem. Grpc.AspNetCore reads the request before any interceptor runs
/// and answers an exception it does not know (here protobuf's <see cref="InvalidProtocolBufferException"/>)
/// UNKNOWN, "Exception was thrown by handler"; an <see cref="RpcException"/> thrown by the deserializer is
/// answered with its own status.
/// </summary>
internal sealed class PopRequestParsing(ServiceBinderBase binder) : ServiceBinderBase
{
    /// <summary>
    /// Found by Grpc.AspNetCore through <see cref="BindServiceMethodAttribute"/>, which passes a null service (it
    /// finds the methods by name). The service is typed as the generated base class, as in the generated
    /// BindService: Grpc.AspNetCore takes that type for the one declaring the methods it binds.
    /// </summary>
    public static void BindService(ServiceBinderBase binder, Pop.Protocol.Pop.PopBase service) =>
        Pop.Protocol.Pop.BindService(new PopRequestParsing(binder), service);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
        binder.AddMethod(Refusing(method), handler);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
        binder.AddMethod(Refusing(method), handler);

    /// <summary><paramref name="method"/> with a request deserializer that refuses what is not a <typeparamref name="TRequest"/> as INVALID_ARGUMENT.</summary>
    private static Method<TRequest, TResponse> Refusing<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class where TResponse : class
    {
        var read = method.RequestMarshaller.ContextualDeserializer;
        var refusing = Marshallers.Create(method.RequestMarshaller.ContextualSerializer, context =>
        {
            try
            {
                return read(context);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw PopErrors.InvalidArgument($"The request is not a valid {typeof(TRequest).Name} message: {e.Message}");
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, refusing, method.ResponseMarshaller);
    }
}
