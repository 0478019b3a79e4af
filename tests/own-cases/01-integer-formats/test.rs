// Each integer format is the Rust type it declares: extremes decode and re-encode, values outside are refused.
use generated::spec::models::Counters;
use serde_json::json;

#[test]
fn extremes_round_trip() {
    let max = json!({"i8": 127, "i16": 32767, "i32": 2147483647, "i64": 9223372036854775807i64, "u8": 255, "u16": 65535,
        "u32": 4294967295u32, "u64": 18446744073709551615u64, "plain": -1, "odd": 5, "list": [4294967295u32]});
    let c: Counters = serde_json::from_value(max.clone()).expect("maximum values");
    let (_, _, _, _): (i8, u16, u32, u64) = (c.i8, c.u16, c.u32, c.u64);
    let _: i64 = c.plain;
    let _: Option<i64> = c.odd;
    assert_eq!(c.u64, u64::MAX);
    assert_eq!(serde_json::to_value(&c).unwrap(), max);
    let min = json!({"i8": -128, "i16": -32768, "i32": -2147483648, "i64": -9223372036854775808i64, "u8": 0, "u16": 0,
        "u32": 0, "u64": 0, "plain": 0});
    let c: Counters = serde_json::from_value(min.clone()).expect("minimum values");
    assert_eq!(serde_json::to_value(&c).unwrap(), min);
}

#[test]
fn out_of_range_is_refused() {
    let base = json!({"i8": 0, "i16": 0, "i32": 0, "i64": 0, "u8": 0, "u16": 0, "u32": 0, "u64": 0, "plain": 0});
    for (key, bad) in [("u8", json!(256)), ("u32", json!(-1)), ("u64", json!(-1)), ("i8", json!(128)), ("i32", json!(2147483648u64))] {
        let mut v = base.clone();
        v[key] = bad.clone();
        let r: Result<Counters, _> = serde_json::from_value(v);
        assert!(r.is_err(), "{key} = {bad} was accepted");
    }
}

#[test]
fn unsigned_path_parameter() {
    let c = generated::spec::Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    assert_eq!(c.counters().retrieve(u64::MAX).path(), "/counters/18446744073709551615");
}
