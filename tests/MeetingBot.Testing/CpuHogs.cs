using System.Diagnostics;

namespace MeetingBot.Testing;

/// <summary>
/// Processes that keep every core of the machine busy (a shell spinning in a loop each), as neighbours on a crowded
/// node or a replica with a fraction of a vCPU would. Disposing kills each by its process id.
/// </summary>
public sealed class CpuHogs : IAsyncDisposable
{
    private readonly List<Process> hogs = [];

    private CpuHogs()
    {
    }

    public IReadOnlyList<int> Ids => [.. hogs.Select(h => h.Id)];

    /// <summary>One spinning process per core (<see cref="Environment.ProcessorCount"/>), unless told how many.</summary>
    public static CpuHogs Start(int? count = null)
    {
        var started = new CpuHogs();
        for (var i = 0; i < (count ?? Environment.ProcessorCount); i++)
        {
            var hog = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            hog.ArgumentList.Add("-c");
            hog.ArgumentList.Add("while :; do :; done");
            started.hogs.Add(Process.Start(hog) ?? throw new InvalidOperationException("Could not start a CPU hog"));
        }

        return started;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hog in hogs)
        {
            if (!hog.HasExited)
            {
                hog.Kill();
                await hog.WaitForExitAsync();
            }

            hog.Dispose();
        }
    }
}
