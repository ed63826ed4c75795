using MeetingBot.Bot;
using MeetingBot.State;

namespace MeetingBot.Hosting;

public static class LateOutcomesInRedisExtensions
{
    /// <summary>
    /// Late-outcome records in Redis, and on every replica the sweeper that delivers those of replicas that died.
    /// Replaces the in-process records whichever of <c>AddBot</c>/<c>AddState</c> runs first.
    /// </summary>
    public static IServiceCollection AddLateOutcomesInRedis(this IServiceCollection services)
    {
        services.AddSingleton<RedisLateOutcomeRecords>();
        services.AddSingleton<ILateOutcomeRecords>(provider => provider.GetRequiredService<RedisLateOutcomeRecords>());
        services.AddSingleton<LateOutcomeTargets>();
        services.AddHostedService<OrphanedOutcomeSweeper>();
        return services;
    }
}
