package charset

// Hand-made letter weights for the sniffer (sniff.go). A weight says how
// normal a letter is in running news text of the languages that use the
// script: about 1 for the most frequent letters, 0.1 for letters a wrong
// decoding tends to produce. They are deliberately coarse; the sniffer
// compares whole decodings, so only large differences matter.

// latinLangs are letter models of the languages written in the Latin
// single-byte encodings. A decoding is scored with the language it fits
// best, and letters outside that language's alphabet count against it: a
// wrong Latin decoding swaps letters between alphabets (French "à" becomes
// Slovak "ŕ" in windows-1250, Czech "ř" becomes Danish "ø" in
// windows-1252), so it fits no single language well. Weights are lower-case
// letter frequencies, coarsely: 1 for the most frequent letters.
var latinLangs = []latinLang{
	{"fr", "é1 è.7 à.7 ê.5 ç.5 ô.3 î.3 â.3 œ.3 û.2 ù.2 ë.2 ï.2 æ.05 ÿ.05"},
	{"de", "ü.9 ä.8 ö.8 ß.6 é.1"},
	{"es", "ó.9 á.8 é.8 í.8 ñ.6 ú.5 ü.1"},
	{"pt", "ã.8 ç.7 é.7 á.7 ê.5 í.5 ó.5 õ.5 ú.4 â.3 ô.3 à.3 ü.05"},
	{"it", "è.8 à.6 ò.5 ù.5 é.4 ì.4 í.1 ó.1"},
	{"ca", "à.6 è.6 é.6 í.5 ò.5 ó.5 ç.5 ú.3 ï.2 ü.2"},
	{"nl", "ë.4 é.4 ï.2 è.1 ö.1 ü.1"},
	{"sv", "å.8 ä.8 ö.8 é.1"},
	{"da", "å.8 ø.8 æ.7 é.1"},
	{"fi", "ä.9 ö.8 å.1"},
	{"is", "á.5 ð.7 í.5 ó.4 þ.5 æ.4 ö.4 é.3 ú.3 ý.3"},
	{"pl", "ó.8 ł.8 ę.8 ą.7 ś.6 ć.6 ń.6 ż.6 ź.3"},
	{"cs", "á.8 í.8 č.8 ě.8 ř.8 š.8 ž.8 ý.7 é.6 ů.6 ú.3 ď.3 ň.3 ť.3 ó.2"},
	{"sk", "á.8 č.7 í.7 š.7 ž.7 ý.6 é.5 ľ.5 ť.5 ú.5 ď.4 ň.4 ô.4 ó.3 ä.2 ĺ.2 ŕ.1"},
	{"hu", "é1 á.9 ó.6 ö.6 ő.6 í.4 ü.4 ű.4 ú.3"},
	{"ro", "ă.8 ș.7 ş.7 ț.7 ţ.7 â.5 î.5"},
	{"sl", "č.8 š.7 ž.7 ć.3 đ.2"},
	{"hr", "č.7 š.7 ž.7 ć.6 đ.4"},
	{"tr", "ı1 ü.8 ş.7 ğ.7 ç.7 ö.6 â.1 î.1 û.05"},
}

type latinLang struct{ code, letters string }

// Which languages each Latin-capable candidate can carry. Candidates not
// listed (UTF-8, declared encodings outside the list) may carry any.
var latinLangsOf = map[string][]string{
	// Not "is": Icelandic ð þ ý are how Turkish looks in windows-1252.
	"windows-1252": {"fr", "de", "es", "pt", "it", "ca", "nl", "sv", "da", "fi"},
	// windows-1256 has the French letters, for North Africa.
	"windows-1256": {"fr"},
	"iso-8859-2":   {"pl", "cs", "sk", "hu", "ro", "sl", "hr", "de"},
	"windows-1250": {"pl", "cs", "sk", "hu", "ro", "sl", "hr", "de"},
	"windows-1254": {"tr"},
}

const (
	foreignLetterW = -0.3 // a letter outside the language's alphabet
	unknownLatinW  = -0.1 // a letter in no modelled language (Vietnamese ...)
)

// cyrillicWeights: Russian letter frequency, plus the other Cyrillic
// alphabets at lower weights. Unlisted Cyrillic letters weigh 0.05.
var cyrillicWeights = []struct {
	w       float32
	letters string
}{
	{1.0, "оеаинтсрвл"},
	{0.8, "кмдпуяыьгзбчй"},
	{0.7, "і"},
	{0.6, "хжшюцщэф"},
	{0.5, "їє"},
	{0.4, "ј"},
	{0.3, "ъёўљњћ"}, // ґ (U+0491) is handled in letterWeight
	{0.2, "џђ"},
	{0.1, "ѓќѕ"},
}

// arabicWeights: Persian and Arabic letter frequency. Unlisted letters of
// the Arabic block weigh 0.1.
var arabicWeights = []struct {
	w       float32
	letters string
}{
	{1.0, "الينمرهوی"},
	{0.9, "دتب"},
	{0.85, "س"},
	{0.8, "ک"},
	{0.75, "ع"},
	{0.7, "فقكش"},
	{0.65, "زح"},
	{0.6, "خجگةأ"},
	{0.5, "پطصچآى"},
	{0.4, "إئضذثغ"},
	{0.3, "ؤءظژٹڈڑںےہھ"},
	{0.2, "ۀ"},
}

// commonHan lists frequent ideographs of news text: the most frequent
// simplified Chinese characters, traditional forms of the same words, and
// common Japanese kanji. Text decoded with the right CJK encoding hits this
// list for roughly half of its ideographs; a wrong CJK decoding produces
// ideographs spread over thousands of code points and rarely hits it.
const commonHan = "" +
	// Simplified Chinese, by frequency.
	"的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵硬麦蒋操耶阻订彩抽赞魔纷沿喊违妹浪汇币丰蓝殊献桌啦瓦莱援译夺汽烧距裁偏符勇触课敬哭懂墙袭召罚侠厅拜巧侧韩冒债曼融惯享戴童犹乘挂奖绍厚纵障讯涉彻刊丈爆乌役描洗玛患妙镜唱烦签仙彼弗症仿倾牌陷鸟轰咱菜闭奋庆撤泪茶疾缘播朗杜奶季丹狗尾仪偷奔珠虫驻孔宜艾桥淡翼恨繁寒伴叹旦愈潮粮缩罢聚径恰挑袋灰捕徐珍幕映裂泰隔启尖忠累炎暂估泛荒偿横拒瑞忆孤鼻闹羊呆厉衡胞零穷舍码赫婆魂灾洪腿胆津俗辩胸晓劲贫仁偶辑邦恢赖圈摸仰润堆碰艇稍迟辆废净凶署壁御奉旋冬矿抬蛋晨伏吹鸡倍糊秦盾杯租骑乏隆诊奴摄丧污渡旗甘耐凭扎抢绪粗肩梁幻菲皆碎宙叔岩荡综爬荷悉蒂返井壮薄悄扫敏碍殖详迪矛霍允幅撒剩凯颗骂赏液番箱贴漫酸郎腰舒眉忧浮辛恋餐吓挺励辞艘键伍峰尺昨黎辈贯侦滑券崇扰宪绕趋慈乔阅汗枝拖墨胁插箭腊粉泥氏彭拔骗凤慧媒佩愤扑龄驱惜豪掩兼跃尸肃帕驶堡届欣惠册储飘桑闲惨洁踪勃宾频仇磨递邪撞拟滚奏巡颜剂绩贡疯坡瞧截燃焦殿伪柳锁逼颇昏劝呈搜勤戒驾漂饮曹朵仔柔俩孟腐幼践籍牧凉牲佳娜浓芳稿竹腹跌逻垂遵脉貌柏狱猜怜惑陶兽帐饰贷昌叙躺钢沟寄扶铺邓寿惧询汤盗肥尝匆辉奈扣廷澳嘛董迁凝慰厌脏腾幽怨鞋丢埋泉涌辖躲晋紫艰魏吾慌祝邮吐狠鉴曰械咬邻赤挤弯椅陪割揭韦悟聪雾锋梯猫祥阔誉筹" +
	// Traditional forms.
	"這個們來為國說時會對過發後裡經麼學現當動還進樣實軍無長機從與點業將兩問應戰頭體見產話回內變總電數報結設東聲員義條氣題爾別氣總電區隊決處義論傳師觀識導爭運鄉聯組濟車親極辦議轉準單愛擊備連調團價黨華級離況請際約復視線斷滿須增寫稱農裝廣顯圖歷醫專費號盡較語僅選隨參勢構節維劃敵陳態護興驗責營夠嚴續講終緊絕紀採舉殺蘇訴細願錢網熱屬職樂剛狀獨彈創錯預誰陽繼驚傷藥適衛險陸習勞財環歡獲負雲遊龍樹層範異漢靜積檢協衝勝階審堅讀壓銀買養懷執亂幫歲優鐵稅藝陣惡塊頓島託戶評寶釋顧貨換聞監臨誤灣減編測敗夢溫漸貴槍縣畫遺秘謝銷鐘詩劇損舊錄葉禮婦歸飯額順輸補謂療澤滅詞聖擇尋廠諾倫賣載園謀榮孫頂鎮練爺館礎寧紙諸訓莊絲戲隱訪軟盤擴蓋穩億擁楊齊賽虛購揚綠貿畢輪庫競偉緩潛閃燈針絡純頁傑築鄭貝尊吳殘誠寬擺毀麥蔣訂贊紛違匯幣豐藍獻萊譯奪燒觸課牆襲罰廳債慣獎紹縱訊徹烏瑪鏡煩簽傾鳥轟閉奮慶淚緣儀蟲駐橋歎潮糧縮罷徑啟暫償橫憶鬧厲窮碼災膽辯曉勁貧輯賴潤艇遲輛廢淨礦雞騎診攝喪汙憑搶緒幻碎蕩綜殖詳凱顆罵賞貼憂戀嚇勵辭鍵輩貫偵擾憲繞趨喬閱脅臘騙鳳憤撲齡驅躍屍肅駛屆冊儲飄閒慘潔蹤賓頻遞擬滾顏劑績貢瘋鎖頗勸駕飲倆踐涼濃邏脈獄憐獸帳飾貸敘鋼溝鋪鄧壽懼詢湯盜嘗輝遷髒騰丟湧轄艱郵鑑械鄰擠彎韋聰霧鋒貓闊譽籌臺灣週統總務機關係經濟發展區間顯著價錢開幾經" +
	// Japanese kanji not already above.
	"円駅気売込広図発県関読語続済対策表価昇援補続厳状況首閣選挙党府都区町村曜週様払両営険覧楽辺渡伝転働際権収歳労薬浜沢恵駆稲"

// commonHangul lists frequent Hangul syllables of Korean news text.
const commonHangul = "" +
	"이다의는에을하고가한로지기서사도를리대자일정수시어나인적국해들으부과전주있보게상제니아요년라장성소마구만우동여위비했된미것내그중세원경화신스공관방면계할선문무실연치민조생식개회발분당물후말오진안합음학통더유재및같업행까었던운모터결금강입영교명차추현단월날없되않은와러려며받번본산새설속순심약양언역예외용울율임작잘점접종좋직질집처청체초최출충취측친코크키타태택토투트특파판패편평포표품프피필함향허형호확환활효훈희히힘광군권규근글김께노높누늘능님달담독돈될두뒤드등따때또라람래량런럼렇레력련령록론료루류르른름린림립많맞매머먼메몇목못박반밝배백버범법변별병복볼북불빠살삼생석센손술습승식십싶씨알앞애야얼업열온올완왔움육응읽저절족존준줄즉증참창책천총축카커케큰터테티퍼페항했"
