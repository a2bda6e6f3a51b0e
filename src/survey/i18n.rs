//! The survey's own messages, per locale: they ship in the survey chunk, not the first-open
//! module. The questions, scale words and thank-you come from the site's survey definitions;
//! the scale words here are only for definitions that leave some out.

use crate::i18n::module_messages;

module_messages! {
    SurveyStrings {
        dismiss,
        nps_low,
        nps_high,
        csat_1,
        csat_2,
        csat_3,
        csat_4,
        csat_5,
        ces_low,
        ces_high,
        reasons_question,
        reasons_label,
        comment_label_hint,
        send,
        skip,
        waiting,
        nothing_due,
        unsent,
    }
}

pub const EN: SurveyStrings = SurveyStrings {
    dismiss: "Not now",
    nps_low: "Not at all likely",
    nps_high: "Extremely likely",
    csat_1: "Very dissatisfied",
    csat_2: "Dissatisfied",
    csat_3: "Neutral",
    csat_4: "Satisfied",
    csat_5: "Very satisfied",
    ces_low: "Very difficult",
    ces_high: "Very easy",
    reasons_question: "What went wrong?",
    reasons_label: "Choose any that apply",
    comment_label_hint: "Optional",
    send: "Send",
    skip: "Skip",
    waiting: "Your answer is saved and will be sent as soon as you are back online.",
    nothing_due: "There is no question for you right now. Thank you for shopping with us!",
    unsent: "Answers waiting to be sent: {n}",
};

pub const ZH_CN: SurveyStrings = SurveyStrings {
    dismiss: "以后再说",
    nps_low: "完全不可能",
    nps_high: "极有可能",
    csat_1: "非常不满意",
    csat_2: "不满意",
    csat_3: "一般",
    csat_4: "满意",
    csat_5: "非常满意",
    ces_low: "非常困难",
    ces_high: "非常容易",
    reasons_question: "哪里让您不满意?",
    reasons_label: "可多选",
    comment_label_hint: "选填",
    send: "提交",
    skip: "跳过",
    waiting: "您的回答已保存,网络恢复后会自动提交。",
    nothing_due: "目前没有需要您回答的问题。感谢您的光临!",
    unsent: "等待提交的回答:{n} 条",
};

pub const ZH_TW: SurveyStrings = SurveyStrings {
    dismiss: "以後再說",
    nps_low: "完全不可能",
    nps_high: "極有可能",
    csat_1: "非常不滿意",
    csat_2: "不滿意",
    csat_3: "普通",
    csat_4: "滿意",
    csat_5: "非常滿意",
    ces_low: "非常困難",
    ces_high: "非常容易",
    reasons_question: "哪裡讓您不滿意?",
    reasons_label: "可複選",
    comment_label_hint: "選填",
    send: "送出",
    skip: "略過",
    waiting: "您的回答已儲存,網路恢復後會自動送出。",
    nothing_due: "目前沒有需要您回答的問題。感謝您的光臨!",
    unsent: "等待送出的回答:{n} 則",
};

impl SurveyStrings {
    /// The word for a CSAT score when the survey's definition has none.
    pub fn csat_word(&self, score: i32) -> &'static str {
        match score {
            1 => self.csat_1,
            2 => self.csat_2,
            3 => self.csat_3,
            4 => self.csat_4,
            _ => self.csat_5,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsent_count_has_its_placeholder() {
        // The shared check compares placeholders with English; this pins English's own.
        assert!(EN.unsent.contains("{n}"));
    }
}
