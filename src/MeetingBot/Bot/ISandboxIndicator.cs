namespace MeetingBot.Bot;

/// <summary>Whether activations go to the sandbox simulator (result cards then carry a sandbox footer).</summary>
public interface ISandboxIndicator
{
    bool IsSandbox { get; }
}
