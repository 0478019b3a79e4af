//! Which half of a split spec's type crates each resource goes to (see
//! `ir/parts.rs`).
//!
//! A type all of whose resources sit in one half is built in that half's
//! crate; a type reached from both halves goes to `shared`, which cargo must
//! finish before either half starts. So the halving minimizes the time until
//! both halves are done, about `shared + max(a, b)`: it keeps apart as few
//! resources that share types as it can, and the halves of a size. It starts
//! from the heaviest-first greedy split and then moves one resource, or swaps
//! two, while that lowers the cost (a local search, as Kernighan–Lin's).

/// One type, as the halving sees it.
pub struct Reach {
    /// About what rustc checks for the type: one, plus its references.
    pub weight: usize,
    /// Indexes of the resources that reach it (empty: none does).
    pub resources: Vec<usize>,
}

/// The half (0 or 1) of each of `count` resources. Types reached by no
/// resource weigh in as a pool the lighter half takes.
pub fn halve(count: usize, types: &[Reach]) -> Vec<usize> {
    let mut state = State::new(types, greedy(count, types));
    let mut by_resource: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (t, reach) in types.iter().enumerate() {
        for &r in &reach.resources {
            by_resource[r].push(t);
        }
    }
    // Each sweep lowers the cost or ends the search; the bound only guards the time.
    for _ in 0..MAX_SWEEPS {
        let mut improved = false;
        for r in 0..count {
            improved |= state.try_move(&[r], &by_resource, types);
        }
        if improved {
            continue;
        }
        // Two resources that share types may each be worth moving only together.
        for r in 0..count {
            for s in r + 1..count {
                if state.side[r] != state.side[s] {
                    improved |= state.try_move(&[r, s], &by_resource, types);
                }
            }
        }
        if !improved {
            break;
        }
    }
    state.side
}

const MAX_SWEEPS: usize = 20;

/// Heaviest resource first, each to the lighter half; a type reached by
/// several resources counts a share in each. Ties go by index, so it is stable.
fn greedy(count: usize, types: &[Reach]) -> Vec<usize> {
    const SCALE: usize = 1000;
    let mut weight = vec![0usize; count];
    for reach in types {
        for &r in &reach.resources {
            weight[r] += SCALE * reach.weight / reach.resources.len();
        }
    }
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by(|&x, &y| weight[y].cmp(&weight[x]).then(x.cmp(&y)));
    let mut side = vec![0; count];
    let mut load = [0usize; 2];
    for r in order {
        let half = usize::from(load[0] > load[1]);
        load[half] += weight[r];
        side[r] = half;
    }
    side
}

/// The halving under search: each type's count of reaching resources per
/// half, and the weights of the classes they fall in.
struct State {
    side: Vec<usize>,
    counts: Vec<[usize; 2]>,
    /// Weight of the types only half 0 reaches, only half 1, both.
    only: [usize; 2],
    both: usize,
    unreached: usize,
}

impl State {
    fn new(types: &[Reach], side: Vec<usize>) -> State {
        let mut state = State { side, counts: Vec::with_capacity(types.len()), only: [0; 2], both: 0, unreached: 0 };
        for reach in types {
            let mut counts = [0; 2];
            for &r in &reach.resources {
                counts[state.side[r]] += 1;
            }
            state.counts.push(counts);
            state.add(counts, reach.weight, true);
        }
        state
    }

    /// Adds (or takes away) a type of `weight` with `counts` to its class.
    fn add(&mut self, counts: [usize; 2], weight: usize, add: bool) {
        let class = match counts {
            [0, 0] => &mut self.unreached,
            [_, 0] => &mut self.only[0],
            [0, _] => &mut self.only[1],
            _ => &mut self.both,
        };
        if add {
            *class += weight;
        } else {
            *class -= weight;
        }
    }

    /// Moves `resources` to their other halves if that lowers the cost; whether it did.
    fn try_move(&mut self, resources: &[usize], by_resource: &[Vec<usize>], types: &[Reach]) -> bool {
        let before = self.cost();
        for &r in resources {
            self.flip(r, &by_resource[r], types);
        }
        if self.cost() < before {
            return true;
        }
        for &r in resources {
            self.flip(r, &by_resource[r], types);
        }
        false
    }

    /// Moves resource `r`, which reaches the types `reached`, to the other half.
    fn flip(&mut self, r: usize, reached: &[usize], types: &[Reach]) {
        let (from, to) = (self.side[r], 1 - self.side[r]);
        for &t in reached {
            self.add(self.counts[t], types[t].weight, false);
            self.counts[t][from] -= 1;
            self.counts[t][to] += 1;
            self.add(self.counts[t], types[t].weight, true);
        }
        self.side[r] = to;
    }

    /// The time until both halves are built, in weight: the shared types,
    /// then the heavier half (the unreached pool balancing the two as it can).
    fn cost(&self) -> usize {
        let [a, b] = self.only;
        self.both + a.max(b).max((a + b + self.unreached).div_ceil(2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(weight: usize, resources: &[usize]) -> Reach {
        Reach { weight, resources: resources.to_vec() }
    }

    /// Resources that share types end up together, even where the greedy
    /// split by weight alone would part them.
    #[test]
    fn resources_sharing_types_stay_together() {
        // 0 and 1 share a heavy type, as do 2 and 3; the greedy split puts
        // 0 and 1 apart (both heaviest).
        let types =
            [reach(10, &[0]), reach(10, &[1]), reach(9, &[2]), reach(9, &[3]), reach(20, &[0, 1]), reach(20, &[2, 3])];
        let side = halve(4, &types);
        assert_eq!(side[0], side[1], "{side:?}");
        assert_eq!(side[2], side[3], "{side:?}");
        assert_ne!(side[0], side[2], "{side:?}");
    }

    /// With nothing shared, the halves are of a size.
    #[test]
    fn disjoint_resources_are_balanced() {
        let types: Vec<Reach> = (0..6).map(|r| reach(10 + r, &[r])).collect();
        let side = halve(6, &types);
        let load = |half| types.iter().filter(|t| side[t.resources[0]] == half).map(|t| t.weight).sum::<usize>();
        assert!(load(0).abs_diff(load(1)) <= 5, "{} vs {}", load(0), load(1));
    }

    /// The cost counts shared types once and the heavier half, and lets the
    /// unreached pool fill the lighter half.
    #[test]
    fn cost_is_shared_plus_the_heavier_half() {
        let types = [reach(4, &[0]), reach(2, &[1]), reach(3, &[0, 1]), reach(4, &[])];
        let state = State::new(&types, vec![0, 1]);
        assert_eq!((state.only, state.both, state.unreached), ([4, 2], 3, 4));
        assert_eq!(state.cost(), 3 + 5);
    }
}
