using System.Text;
using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

public sealed class TarWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new("modelsdk-tar");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Gnu_tar_lists_root_owned_entries_with_fixed_time_and_modes()
    {
        var file = _dir.Combine("weights.bin");
        File.WriteAllBytes(file, ModelFolder.Bytes(1000, 3));
        var tar = WriteTar([LayerEntry.FromFile(file, "model/files/weights.bin")], mtime: 0);

        var listing = Tools.RunOk("tar", "--numeric-owner", "--utc", "-tvf", tar);

        var lines = listing.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("drwxr-xr-x 0/0", lines[0]);
        Assert.EndsWith(" model/", lines[0]);
        Assert.EndsWith(" model/files/", lines[1]);
        Assert.StartsWith("-rw-r--r-- 0/0", lines[2]);
        Assert.Contains(" 1000 1970-01-01 00:00 model/files/weights.bin", lines[2]);
    }

    [Fact]
    public void Long_and_non_ascii_paths_and_symlinks_round_trip_through_gnu_tar()
    {
        var file = _dir.Combine("source.bin");
        File.WriteAllBytes(file, ModelFolder.Bytes(777, 4));
        var longName = "model/" + new string('d', 120) + "/gesichter-ü.onnx";
        var tar = WriteTar(
            [LayerEntry.FromFile(file, longName), LayerEntry.Symlink("model/link", new string('t', 130))],
            mtime: 1_700_000_000
        );
        var extract = _dir.Combine("out");
        Directory.CreateDirectory(extract);

        Tools.RunOk("tar", "-xf", tar, "-C", extract);

        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(extract, longName)));
        Assert.Equal(new string('t', 130), new FileInfo(Path.Combine(extract, "model/link")).LinkTarget);
        Assert.Equal(
            DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).UtcDateTime,
            File.GetLastWriteTimeUtc(Path.Combine(extract, longName))
        );
        var raw = Encoding.ASCII.GetString(File.ReadAllBytes(tar));
        Assert.DoesNotContain("atime", raw);
        Assert.DoesNotContain("ctime", raw);
        Assert.DoesNotContain(Environment.ProcessId.ToString() + "/", raw);
    }

    [Fact]
    public void Same_files_in_another_order_and_directory_give_the_same_bytes()
    {
        var a = _dir.Combine("a", "x.bin");
        var b = _dir.Combine("b", "y.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(a)!);
        Directory.CreateDirectory(Path.GetDirectoryName(b)!);
        File.WriteAllBytes(a, ModelFolder.Bytes(100, 1));
        File.WriteAllBytes(b, ModelFolder.Bytes(100, 1));
        File.SetLastWriteTimeUtc(b, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var first = WriteTar([LayerEntry.FromFile(a, "m/files/1"), LayerEntry.FromFile(a, "m/2")], 0);
        var second = WriteTar([LayerEntry.FromFile(b, "m/2"), LayerEntry.FromFile(b, "m/files/1")], 0);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    private string WriteTar(IReadOnlyList<LayerEntry> entries, long mtime)
    {
        var path = _dir.Combine($"{Guid.NewGuid():N}.tar");
        using (var stream = File.Create(path))
        {
            LayerWriter.WriteTar(new LayerSpec("test", entries), mtime, stream);
        }
        return path;
    }
}
