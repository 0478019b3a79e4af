// A stream whose events carry the answer in one variant only: its accumulator
// builds warning-free (one `if let`, not a one-arm `match`) and keeps the last answer.
use generated::spec::models::{Done, Run, RunAccumulator, RunEvent, Started};

#[test]
fn the_last_carried_answer_is_the_output() {
    let mut acc = RunAccumulator::default();
    assert!(acc.clone().finish().is_err(), "no event carried a run yet");
    let run = |id: &str| Run { id: id.into(), meta: Default::default() };
    acc.push(&RunEvent::Started(Started { r#type: Default::default(), run: run("r1"), meta: Default::default() }));
    acc.push(&RunEvent::Done(Done { r#type: Default::default(), meta: Default::default() }));
    assert_eq!(acc.finish().unwrap().id, "r1");
}
