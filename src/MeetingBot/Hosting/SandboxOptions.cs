using System.ComponentModel.DataAnnotations;

namespace MeetingBot.Hosting;

/// <summary>Configuration section <c>Sandbox</c>: how the built-in Huawei simulator behaves (Development without Huawei credentials).</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>How long the slow meeting (986030666) takes to start; unset, the simulator's own 8 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan? SlowMeetingDelay { get; set; }

    /// <summary>
    /// A sandbox already running as a process of its own (<c>tools/MeetingBot.SandboxServer</c>, started by
    /// <c>scripts/cluster.sh</c>) that several local replicas share, so that they share sign-ins as they would share
    /// Huawei. Set with <see cref="AppKey"/>, this process starts no simulator of its own.
    /// </summary>
    public Uri? Url { get; set; }

    /// <summary>The App Key the shared sandbox (<see cref="Url"/>) was started with.</summary>
    public string? AppKey { get; set; }
}
