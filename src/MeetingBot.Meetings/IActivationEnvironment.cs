namespace MeetingBot.Meetings;

/// <summary>What the activation layer talks to: the real Huawei Cloud Meeting or the built-in sandbox simulator.</summary>
public interface IActivationEnvironment
{
    /// <summary>True when activations go to the simulator: results are not real meetings (cards show a sandbox footer).</summary>
    bool IsSandbox { get; }

    /// <summary>True when activations can be served (configuration valid; in sandbox mode, the simulator started).</summary>
    bool IsReady { get; }

    /// <summary>Where the Huawei HttpClient sends its requests: <c>HuaweiMeeting:BaseUrl</c>, or the simulator's loopback address.</summary>
    Uri BaseUrl { get; }
}
