// The integration tests drive Linux-only parts: Docker, Unix sockets, file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
