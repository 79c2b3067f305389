/**
 * Chinese example sentences for the notebooks, tests and benchmark. No Chinese sentence corpus
 * ships offline with this project's dependencies, so these were written for this project by its
 * authors: ordinary everyday sentences and messages (half of them spam-style adverts, like the
 * English SpamAssassin emails), in simplified Chinese. They are examples, not a benchmark corpus.
 */
export const CHINESE_SENTENCES: readonly string[] = [
  '我很高兴认识你，希望以后常联系。',
  '这个问题非常重要，我们明天开会再讨论。',
  '我们今天下午去银行取钱，然后去超市买东西。',
  '请把上周的会议记录发给我，谢谢！',
  '天气预报说明天有大雨，出门记得带伞。',
  '他每天早上六点起床，先跑步半个小时。',
  '这家餐厅的菜很好吃，价格也不贵。',
  '孩子们在公园里快乐地玩耍。',
  '我已经把报告修改好了，请你再检查一遍。',
  '周末我想去图书馆看书，你要一起去吗？',
  '这次考试比上次容易多了，大家都考得不错。',
  '飞机晚点了两个小时，我们只好在机场等待。',
  '老师耐心地回答了学生提出的每一个问题。',
  '如果你有任何疑问，可以随时给我打电话。',
  '新的软件版本修复了几个严重的错误。',
  '妈妈做的饺子是世界上最好吃的。',
  '恭喜您获得一等奖，请立即点击链接领取奖金！',
  '免费领取价值千元的礼品，名额有限，先到先得！',
  '本店所有商品今天打五折，欢迎新老顾客光临。',
  '无需抵押，快速贷款，当天到账，详情请回复短信。',
  '点击下面的链接，轻松在家赚钱，每月收入过万。',
  '您的账户存在异常，请马上登录网站验证身份。',
  '最新减肥产品，一个月瘦十斤，效果保证。',
  '限时优惠，购买任意两件商品即送精美礼品一份。',
  '恭喜您成为我们的幸运用户，免费获得一部新手机。',
  '专业办理各类证书，价格便宜，质量可靠，欢迎咨询。',
  '投资理财新机会，稳赚不赔，名额有限，请尽快联系。',
  '尊敬的客户，您的积分即将过期，请尽快兑换礼品。',
];
