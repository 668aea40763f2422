using System.Runtime.InteropServices;

namespace ModelSdk.Oci;

/// <summary>Places a blob in a second directory without copying it when the file system allows a hard link.</summary>
internal static class Hardlink
{
    public static void LinkOrCopy(string source, string destination)
    {
        if (File.Exists(destination))
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        if (!OperatingSystem.IsWindows() && link(source, destination) == 0)
        {
            return;
        }
        var temp = AtomicFile.TempSiblingOf(destination);
        try
        {
            File.Copy(source, temp);
            File.Move(temp, destination, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int link(string oldpath, string newpath);
}
