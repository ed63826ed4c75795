using MeetingBot.Conversation;

namespace MeetingBot.LateOutcomes;

public static class LateOutcomesExtensions
{
    /// <summary>
    /// Where the bot keeps the late outcomes it owes (those that outlasted a channel's reply budget): in this process, or
    /// in Redis, where every replica also runs the sweeper that delivers those of replicas that died. Each channel adds
    /// its own <see cref="ILateOutcomeChannel"/>.
    /// </summary>
    public static IServiceCollection AddLateOutcomes(this IServiceCollection services, bool inRedis)
    {
        if (!inRedis)
        {
            services.AddSingleton<ILateOutcomeRecords, InProcessLateOutcomeRecords>();
            return services;
        }

        services.AddSingleton<LateOutcomeCodec>();
        services.AddSingleton<RedisLateOutcomeRecords>();
        services.AddSingleton<ILateOutcomeRecords>(provider => provider.GetRequiredService<RedisLateOutcomeRecords>());
        services.AddHostedService<OrphanedOutcomeSweeper>();
        return services;
    }
}
