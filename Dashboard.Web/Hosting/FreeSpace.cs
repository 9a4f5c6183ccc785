namespace Dashboard.Web.Hosting;

/// <summary>Free space on the disk that holds a folder; a seam so tests can play a full disk without filling one.</summary>
public interface IFreeSpace
{
    /// <summary>Bytes available to this process on the disk of <paramref name="folder"/>; null when the system cannot tell.</summary>
    long? AvailableBytes(string folder);
}

/// <summary>The operating system's answer (statfs on Linux, the volume on Windows).</summary>
public sealed class DriveFreeSpace : IFreeSpace
{
    public long? AvailableBytes(string folder)
    {
        try
        {
            // On Linux any path of the mount answers for its file system; Windows wants the volume's root.
            return new DriveInfo(OperatingSystem.IsWindows() ? Path.GetPathRoot(Path.GetFullPath(folder))! : folder).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
