//! FAQ fixtures: a small help centre in zh-CN and en, written as content files.

use std::path::Path;

use super::write_file;

pub const SESSION: &str = "s_0123456789abcdef";

/// `(file name, text)`.
pub const ARTICLES: &[(&str, &str)] = &[
    (
        "returns-how-to.zh-CN.md",
        "---\nid: returns-how-to\nlocale: zh-CN\ncategory: 退换货\ntitle: 怎么申请退货？\n\
         keywords: [退货流程, 寄回去, 退货步骤]\n---\n\
         线上订单退货步骤：\n\n1. 进入 [我的订单](https://shop.example.com/orders)，点击 **申请售后 > 退货退款**；\n\
         2. 选择退货原因并上传照片；\n3. 审核通过后预约快递上门取件。\n\n仓库收到商品后系统自动退款。\n",
    ),
    (
        "returns-policy.zh-CN.md",
        "---\nid: returns-policy\nlocale: zh-CN\ncategory: 退换货\ntitle: 退货政策是什么？\n\
         keywords: [七天无理由, 能不能退]\n---\n\
         大部分商品支持签收后 **7 天无理由退货**，商品需保持完好、不影响二次销售。\n\
         定制商品和已拆封的贴身用品不支持无理由退货。\n",
    ),
    (
        "change-address.zh-CN.md",
        "---\nid: change-address\nlocale: zh-CN\ncategory: 订单修改\ntitle: 下单后可以修改收货地址吗？\n\
         keywords: [地址填错, 改地址, 电话写错]\n---\n\
         订单在**发货前**可以自行修改收货地址、收货人和联系电话：打开订单详情，点击 **修改地址**。\n\
         已发货的订单请联系快递改派。\n",
    ),
    (
        "track-order.zh-CN.md",
        "---\nid: track-order\nlocale: zh-CN\ncategory: 配送物流\ntitle: 如何查询物流信息？\n\
         keywords: [快递到哪了, 物流查询, 运单号]\n---\n\
         在 **我的订单** 中点击订单，查看物流信息。也可以复制运单号到顺丰或京东物流查询。\n",
    ),
    (
        "refund-time.zh-CN.md",
        "---\nid: refund-time\nlocale: zh-CN\ncategory: 退换货\ntitle: 退款多久能到账？\n\
         keywords: [退款进度, 钱什么时候到]\n---\n\
         仓库验收后 24 小时内发起退款。微信和支付宝一般 1-3 个工作日到账，银行卡 3-7 个工作日。\n",
    ),
    (
        "returns-how-to.en.md",
        "---\nid: returns-how-to\nlocale: en\ncategory: Returns\ntitle: How do I return an item?\n\
         keywords: [send back, return process]\n---\n\
         Go to [My orders](https://shop.example.com/orders), pick the item and tap **Return and refund**. \
         Choose a reason, then book a courier pickup. The refund is issued when the warehouse has checked the item.\n",
    ),
    (
        "track-order.en.md",
        "---\nid: track-order\nlocale: en\ncategory: Delivery\ntitle: How do I track my order?\n\
         keywords: [tracking number, where is my parcel]\n---\n\
         Open **My orders** and tap the order to see the latest tracking updates. \
         You can also look the tracking number up on the courier's site.\n",
    ),
    (
        "change-address.en.md",
        "---\nid: change-address\nlocale: en\ncategory: Changing orders\n\
         title: Can I change the delivery address?\nkeywords: [wrong address]\n---\n\
         Before the order ships you can change the address, recipient and phone number in the order details.\n",
    ),
    (
        "refund-time.en.md",
        "---\nid: refund-time\nlocale: en\ncategory: Returns\ntitle: How long do refunds take?\n\
         keywords: [refund status, money back]\n---\n\
         Refunds are issued within 24 hours of the warehouse check. WeChat Pay and Alipay take 1-3 working days, bank cards 3-7.\n",
    ),
];

pub fn write_articles(dir: &Path) {
    for (name, text) in ARTICLES {
        write_file(&dir.join(name), text.as_bytes());
    }
}

/// An article file's text.
pub fn article(id: &str, locale: &str, category: &str, title: &str, body: &str) -> String {
    format!("---\nid: {id}\nlocale: {locale}\ncategory: {category}\ntitle: {title}\n---\n{body}\n")
}

/// The ids of a search response's hits.
pub fn hit_ids(resp: &serde_json::Value) -> Vec<String> {
    resp["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().expect("id").to_owned())
        .collect()
}

/// Field names of a validation error envelope.
pub fn error_fields(env: &serde_json::Value) -> Vec<String> {
    env["error"]["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .filter_map(|x| x["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// `?`-query string with percent-encoded values.
pub fn query(pairs: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    let parts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect();
    format!("?{}", parts.join("&"))
}
