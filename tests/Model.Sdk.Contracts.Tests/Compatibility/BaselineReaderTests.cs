using System.Formats.Tar;
using System.IO.Compression;
using ModelSdk.ContractModel;
using ModelSdk.Contracts.Compatibility;

namespace ModelSdk.Contracts.Tests.Compatibility;

public sealed class BaselineReaderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("compat-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static byte[] Contract() => ContractJson.Write(Snapshots.Classifier().Document);

    private static readonly byte[] LabelBytes = "\uFEFFcat\r\ndog\nbird\n"u8.ToArray();

    [Fact]
    public void A_contract_file_is_read_with_its_labels_beside_it()
    {
        File.WriteAllBytes(Path.Combine(_dir.FullName, "contract.json"), Contract());
        File.WriteAllBytes(Path.Combine(_dir.FullName, "labels.txt"), LabelBytes);
        var snapshot = BaselineReader.FromContractFile(Path.Combine(_dir.FullName, "contract.json"));
        Assert.Equal("1.2.0", snapshot.Version);
        Assert.Equal(["cat", "dog", "bird"], snapshot.LabelsOf("faces"));
        Assert.Empty(ContractComparer.Compare(snapshot, Snapshots.Classifier()));
    }

    [Fact]
    public void A_missing_file_is_MODEL0434_and_a_broken_one_MODEL0435()
    {
        var missing = Assert.Throws<ModelSdkException>(() =>
            BaselineReader.FromContractFile(Path.Combine(_dir.FullName, "nope.json"))
        );
        Assert.Equal("MODEL0434", missing.Code);
        File.WriteAllText(Path.Combine(_dir.FullName, "contract.json"), "{ not json");
        var broken = Assert.Throws<ModelSdkException>(() =>
            BaselineReader.FromContractFile(Path.Combine(_dir.FullName, "contract.json"))
        );
        Assert.Equal("MODEL0435", broken.Code);
    }

    [Fact]
    public void A_package_is_read_from_model_and_a_folder_feed_finds_it_in_either_layout()
    {
        WritePackage(Path.Combine(_dir.FullName, "Faces.1.2.0.nupkg"));
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "faces", "1.3.0"));
        WritePackage(Path.Combine(_dir.FullName, "faces", "1.3.0", "faces.1.3.0.nupkg"));
        WritePackage(Path.Combine(_dir.FullName, "Faces.Extra.1.0.0.nupkg"));
        var feed = new PackageFeed(_dir.FullName);
        Assert.Equal(["1.3.0", "1.2.0"], feed.Versions("Faces").OrderDescending(StringComparer.Ordinal));
        using var nupkg = feed.Open("Faces", "1.2.0");
        var snapshot = BaselineReader.FromPackage(nupkg, "package");
        Assert.Equal(["cat", "dog", "bird"], snapshot.LabelsOf("faces"));
        Assert.Equal("MODEL0434", Assert.Throws<ModelSdkException>(() => feed.Open("Faces", "9.9.9")).Code);
    }

    [Fact]
    public void A_package_without_a_contract_is_MODEL0435()
    {
        var path = Path.Combine(_dir.FullName, "x.nupkg");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            zip.CreateEntry("lib/x.dll");
        using var stream = File.OpenRead(path);
        Assert.Equal("MODEL0435", Assert.Throws<ModelSdkException>(() => BaselineReader.FromPackage(stream, "x")).Code);
    }

    [Fact]
    public void Image_layers_are_read_last_first_until_the_contract()
    {
        var contractLayer = Layer(("model/contract.json", Contract()), ("model/labels.txt", LabelBytes));
        var snapshot = BaselineReader.FromLayers([contractLayer, new MemoryStream([1, 2, 3])], "image");
        Assert.Equal(["cat", "dog", "bird"], snapshot.LabelsOf("faces"));
    }

    private static MemoryStream Layer(params (string Name, byte[] Bytes)[] files)
    {
        var stream = new MemoryStream();
        using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, bytes) in files)
            {
                tar.WriteEntry(
                    new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) }
                );
            }
        }
        stream.Position = 0;
        return stream;
    }

    private static void WritePackage(string path)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var s = zip.CreateEntry("model/contract.json").Open())
            s.Write(Contract());
        using (var s = zip.CreateEntry("model/labels.txt").Open())
            s.Write(LabelBytes);
    }
}
