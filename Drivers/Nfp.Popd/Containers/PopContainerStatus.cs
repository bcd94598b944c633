using Nfp.Pop.Protocol;

namespace Nfp.Popd.Containers;

/// <summary>The names under which pop.containers stores a <see cref="Container.Types.Status"/>.</summary>
internal static class PopContainerStatus
{
    public static readonly string Created = Container.Types.Status.Created.ToString();
    public static readonly string Running = Container.Types.Status.Running.ToString();
    public static readonly string Stopping = Container.Types.Status.Stopping.ToString();
    public static readonly string Exited = Container.Types.Status.Exited.ToString();
    public static readonly string Failed = Container.Types.Status.Failed.ToString();

    public static Container.Types.Status Parse(string stored) => Enum.Parse<Container.Types.Status>(stored);
}
