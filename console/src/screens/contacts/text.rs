//! The contacts inbox's messages.

use patron_api::console::contacts::ContactStatus;

use crate::i18n::messages;

messages! {
    Text {
        Title => "Contact requests", "联系请求", "聯絡請求";
        Open => "Open", "待处理", "待處理";
        Resolved => "Resolved", "已解决", "已解決";
        Reference => "Reference", "编号", "編號";
        Name => "Name", "姓名", "姓名";
        Message => "Message", "留言", "留言";
        Searched => "Searched for", "搜索过", "搜尋過";
        Read => "Articles read", "阅读过的文章", "閱讀過的文章";
        Nothing => "Nothing", "无", "無";
        Email => "Email", "邮箱", "電子郵件";
        Phone => "Phone", "电话", "電話";
        Order => "Order number", "订单号", "訂單號";
        Empty => "No contact requests match.", "没有符合条件的联系请求。", "沒有符合條件的聯絡請求。";
        BeforeAsking => "Before asking", "联系前", "聯絡前";
        Resolve => "Resolve", "解决", "解決";
        FirstContact => "Resolved on first contact", "首次联系即解决", "首次聯絡即解決";
        ResolveButton => "Mark resolved", "标记为已解决", "標記為已解決";
        Reopen => "Reopen", "重新打开", "重新開啟";
        ResolvedFirst => "Resolved on first contact: yes", "首次联系即解决：是", "首次聯絡即解決：是";
        ResolvedLater => "Resolved on first contact: no", "首次联系即解决：否", "首次聯絡即解決：否";
        ResolvedAt => "Resolved at", "解决时间", "解決時間";
    }
}

pub fn status(s: ContactStatus) -> Text {
    match s {
        ContactStatus::Open => Text::Open,
        ContactStatus::Resolved => Text::Resolved,
    }
}
