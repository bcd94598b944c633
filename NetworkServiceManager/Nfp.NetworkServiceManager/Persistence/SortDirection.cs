namespace Nfp.NetworkServiceManager.Persistence;

public enum SortDirection
{
    Asc,
    Desc,
}
