using System.ComponentModel.DataAnnotations;

namespace MeetingBot.Hosting;

/// <summary>Configuration section <c>Sandbox</c>: how the built-in Huawei simulator behaves (Development without Huawei credentials).</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>How long the slow meeting (986030666) takes to start; unset, the simulator's own 8 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan? SlowMeetingDelay { get; set; }
}
