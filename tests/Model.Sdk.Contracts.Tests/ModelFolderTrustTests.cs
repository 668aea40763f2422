namespace ModelSdk.Contracts.Tests;

/// <summary>The model folder holds exactly the current inputs (issue #8 items 1 and 3, #9 item 6).</summary>
public sealed class ModelFolderTrustTests
{
    private static readonly DateTime Old = new(1985, 10, 26, 8, 15, 0, DateTimeKind.Utc);

    [Fact]
    public void Model_files_are_hard_links_to_the_project_files()
    {
        using var p = new TestProject();
        ModelOutputWriter.Write(SampleProjects.Classifier(p), p.OutputDirectory);

        var source = FileStat.Of(p.Path("classifier.onnx"))!.Value;
        var placed = FileStat.Of(Path.Combine(p.OutputDirectory, "files", "classifier.onnx"))!.Value;
        Assert.Equal((source.Device, source.Inode), (placed.Device, placed.Inode));
    }

    [Fact]
    public void A_model_replaced_by_an_older_file_of_the_same_size_is_placed_again()
    {
        using var p = new TestProject();
        var set = SampleProjects.Classifier(p);
        var source = p.Path("classifier.onnx");
        File.SetLastWriteTimeUtc(source, Old);
        ModelOutputWriter.Write(set, p.OutputDirectory);
        var placed = Path.Combine(p.OutputDirectory, "files", "classifier.onnx");

        // Replaced by a new file (new inode) with the same size and the same old mtime, as from an npm tarball.
        var replacement = Flipped(File.ReadAllBytes(source));
        var temp = p.Path("incoming.onnx");
        File.WriteAllBytes(temp, replacement);
        File.SetLastWriteTimeUtc(temp, Old);
        File.Move(temp, source, overwrite: true);
        ModelOutputWriter.Write(set, p.OutputDirectory);

        Assert.Equal(replacement, File.ReadAllBytes(placed));
    }

    [Fact]
    public void A_copy_is_replaced_when_the_source_was_rewritten_in_place_with_its_old_mtime()
    {
        using var p = new TestProject();
        var set = SampleProjects.Classifier(p);
        var source = p.Path("classifier.onnx");
        File.SetLastWriteTimeUtc(source, Old);
        var placed = Path.Combine(p.OutputDirectory, "files", "classifier.onnx");
        // A copy, as across volumes where no hard link can be made.
        Directory.CreateDirectory(Path.GetDirectoryName(placed)!);
        AtomicFile.Copy(source, placed);
        ModelOutputWriter.Write(set, p.OutputDirectory);
        Assert.NotEqual(FileStat.Of(source)!.Value.Inode, FileStat.Of(placed)!.Value.Inode);

        // cp -p onto the existing file: same inode, same size, the old mtime back; only the ctime moves.
        Thread.Sleep(20);
        var replacement = Flipped(File.ReadAllBytes(source));
        File.WriteAllBytes(source, replacement);
        File.SetLastWriteTimeUtc(source, Old);
        ModelOutputWriter.Write(set, p.OutputDirectory);

        Assert.Equal(replacement, File.ReadAllBytes(placed));
    }

    [Fact]
    public void Temporaries_left_by_a_killed_build_are_removed_and_nothing_else()
    {
        using var p = new TestProject();
        var set = SampleProjects.Classifier(p);
        ModelOutputWriter.Write(set, p.OutputDirectory);
        var leftover = Path.Combine(p.OutputDirectory, "files", $".classifier.onnx.{Guid.NewGuid():N}.tmp");
        var leftoverText = Path.Combine(p.OutputDirectory, $".contract.json.{Guid.NewGuid():N}.tmp");
        var users = Path.Combine(p.OutputDirectory, ".notes.tmp");
        File.WriteAllText(leftover, "half a model");
        File.WriteAllText(leftoverText, "{");
        File.WriteAllText(users, "mine");

        ModelOutputWriter.Write(set, p.OutputDirectory);

        Assert.False(File.Exists(leftover));
        Assert.False(File.Exists(leftoverText));
        Assert.True(File.Exists(users));
    }

    [Fact]
    public void Layout_folders_left_by_a_killed_image_build_are_removed_and_nothing_else()
    {
        using var p = new TestProject();
        var image = p.Path("bin", "image");
        string[] leftovers = [$".image.{Guid.NewGuid():N}.tmp", $".image.{Guid.NewGuid():N}.old"];
        foreach (var dir in leftovers.Append("image").Append(".image.keep"))
        {
            Directory.CreateDirectory(p.Path("bin", dir, "blobs"));
        }

        AtomicDirectory.SweepSiblings(image);

        Assert.All(leftovers, l => Assert.False(Directory.Exists(p.Path("bin", l))));
        Assert.True(Directory.Exists(image));
        Assert.True(Directory.Exists(p.Path("bin", ".image.keep")));
    }

    [Fact]
    public void The_inputs_stamp_tells_a_file_replaced_by_an_older_one_apart()
    {
        using var p = new TestProject();
        var labels = p.Write("labels.txt", "a\nb\n");
        var stamp = p.Path("obj", "model.inputs.stamp");
        var built = p.Path("obj", "model.inputs.built");
        var first = InputStamp.Describe(["labels.txt"], p.Directory);
        Assert.True(InputStamp.Refresh(stamp, built, first));
        File.WriteAllText(built, first);
        Assert.False(InputStamp.Refresh(stamp, built, InputStamp.Describe([labels], p.Directory)));

        var mtime = File.GetLastWriteTimeUtc(labels);
        Thread.Sleep(20);
        File.WriteAllText(labels, "c\nd\n"); // same size, same mtime after the reset
        File.SetLastWriteTimeUtc(labels, mtime);

        Assert.True(InputStamp.Refresh(stamp, built, InputStamp.Describe(["labels.txt"], p.Directory)));
    }

    private static byte[] Flipped(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        copy[^1] ^= 0x01;
        return copy;
    }
}
