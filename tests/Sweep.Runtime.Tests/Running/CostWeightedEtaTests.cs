using Sweep.Running;

namespace Sweep.Runtime.Tests.Running;

public sealed class CostWeightedEtaTests
{
    [Fact]
    public void Remaining_IsTheCostLeftAtTheCostRateSoFar()
    {
        CostWeightedEta eta = new(totalCost: 100);
        eta.Complete(10);
        eta.Complete(15);

        // 25 cost units in 10 s is 2.5 per second; the 75 left take 30 s.
        Assert.Equal(TimeSpan.FromSeconds(30), eta.Remaining(TimeSpan.FromSeconds(10)));
        Assert.Equal(0.25, eta.Fraction);
        Assert.Equal(25, eta.CompletedCost);
    }

    [Fact]
    public void Remaining_WeighsABigCellByItsCost_NotAsOneTrial()
    {
        // Nine cheap trials (cost 1) done in 9 s, one trial of cost 91 left: a per-trial average would say 1 s.
        CostWeightedEta eta = new(totalCost: 100);
        for (int i = 0; i < 9; i++)
        {
            eta.Complete(1);
        }

        Assert.Equal(TimeSpan.FromSeconds(91), eta.Remaining(TimeSpan.FromSeconds(9)));
    }

    [Fact]
    public void Remaining_IsUnknownBeforeAnythingFinished()
    {
        CostWeightedEta eta = new(totalCost: 10);

        Assert.Null(eta.Remaining(TimeSpan.FromSeconds(5)));
        eta.Complete(2);
        Assert.Null(eta.Remaining(TimeSpan.Zero));
        Assert.NotNull(eta.Remaining(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Remaining_IsZero_AndFractionOne_WhenMoreThanTheTotalIsDone()
    {
        CostWeightedEta eta = new(totalCost: 10);
        eta.Complete(12);

        Assert.Equal(TimeSpan.Zero, eta.Remaining(TimeSpan.FromSeconds(3)));
        Assert.Equal(1.0, eta.Fraction);
    }

    [Fact]
    public void ZeroTotal_DoesNotDivideByZero()
    {
        CostWeightedEta eta = new(totalCost: 0);

        Assert.True(eta.TotalCost > 0);
        Assert.Equal(0, eta.Fraction);
    }

    [Fact]
    public void Complete_FromManyThreads_LosesNoCost()
    {
        CostWeightedEta eta = new(totalCost: 8_000);

        Parallel.For(0, 8_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => eta.Complete(1));

        Assert.Equal(8_000, eta.CompletedCost);
        Assert.Equal(1.0, eta.Fraction);
    }
}
