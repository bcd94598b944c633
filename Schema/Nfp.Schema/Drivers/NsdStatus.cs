namespace Nfp.Schema.Drivers;

/// <summary>get_nsd_status's answer; <see cref="Reason"/> says why a device is <see cref="NsdState.Error"/>.</summary>
public sealed record NsdStatus(NsdState State, string Reason = "");

/// <summary>Where a device is in coming up.</summary>
public enum NsdState
{
    Pending,
    Active,
    Error,
}
