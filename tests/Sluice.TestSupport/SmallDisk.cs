using System.Diagnostics;

namespace Sluice.TestSupport;

/// <summary>
/// A small tmpfs mounted for one test, for the kernel's real "no space left on device": filled with a ballast file
/// to leave only so much free, and freed again. Needs root, as the test machines run; unmounted on dispose.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    /// <summary>Where it is mounted.</summary>
    public string Path { get; }

    private string Ballast => System.IO.Path.Combine(Path, ".ballast");

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/> in a new temporary directory.</summary>
    public static SmallDisk Mount(long bytes)
    {
        var path = Directory.CreateTempSubdirectory("sluice-small-disk-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", path);
        return new SmallDisk(path);
    }

    /// <summary>The bytes still free on it.</summary>
    public long Free => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Fills the disk so that at most <paramref name="leaveFree"/> bytes stay free.</summary>
    public void Fill(long leaveFree)
    {
        using var ballast = new FileStream(Ballast, FileMode.Append, FileAccess.Write);
        var chunk = new byte[4096];
        try
        {
            while (Free > leaveFree)
            {
                ballast.Write(chunk, 0, (int)Math.Min(chunk.Length, Free - leaveFree));
                ballast.Flush();
            }
        }
        catch (IOException)
        {
            // Full already.
        }
    }

    /// <summary>Gives back the space <see cref="Fill"/> took.</summary>
    public void FreeBallast() => File.Delete(Ballast);

    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path);
    }

    private static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error} Tests that fill a disk mount a small tmpfs and need root, as the test machines run.");
        }
    }
}
