package dev.shadowpipeline.demo.chat;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in banking support prompts and both models' answers: 40 prompts, of which 12 are answered identically,
 * 24 are paraphrased by the candidate, and 4 (10%) get a different substance from it — a wrong fee
 * (international wire), a wrong policy (overdraft), a refusal (card dispute) and an off-topic answer (mortgage credit
 * score). The figures of the answers (fees, limits, phone numbers) are invented for the demo.
 */
final class ChatCatalog {

  /** What both models answer to a prompt that is not in the catalog; the candidate words it differently. */
  static final CannedAnswer UNKNOWN =
      new CannedAnswer(
          "(any prompt not in the catalog)",
          "I'm not sure I understood your question. Could you rephrase it, or contact customer support at "
              + "1-800-555-0100 or by secure message in the app?",
          "I didn't quite understand that question. Please rephrase it, or reach customer support at 1-800-555-0100 "
              + "or through a secure message in the app.",
          Agreement.PARAPHRASED);

  private static final List<CannedAnswer> ENTRIES =
      List.of(
          reworded(
              "How do I reset my online banking password?",
              "To reset your online banking password, open the login page and select \"Forgot password\". Enter your "
                  + "customer number and the code we text to your registered phone, then choose a new password of at "
                  + "least 12 characters.",
              "Select \"Forgot password\" on the login page to reset it. You will enter your customer number and the "
                  + "code sent by text to your registered phone, and then pick a new password that is 12 characters or "
                  + "longer."),
          same(
              "What are your branch opening hours?",
              "Most branches are open Monday to Friday from 9:00 to 17:00 and Saturday from 9:00 to 13:00. Opening "
                  + "hours for a specific branch are listed in the branch locator on our website."),
          reworded(
              "How long does a domestic bank transfer take?",
              "Domestic transfers submitted before 15:00 on a business day usually arrive the same day. Transfers "
                  + "submitted later, or on weekends and holidays, arrive on the next business day.",
              "If you send a domestic transfer on a business day before 15:00, it normally reaches the recipient that "
                  + "same day. Anything sent after that cut-off, or on a weekend or holiday, is credited the next "
                  + "business day."),
          // wrong numbers in an otherwise similar text: lexical similarity stays high, the
          // substance is wrong
          different(
              "What is the fee for an international wire transfer?",
              "An outgoing international wire transfer costs $25. Incoming international wires are free, although the "
                  + "sending bank or an intermediary bank may charge its own fees.",
              "An outgoing international wire transfer costs $45. Incoming international wires cost $15, and the "
                  + "sending bank or an intermediary bank may also charge its own fees."),
          reworded(
              "How do I block a lost or stolen card?",
              "Block the card right away in the mobile app under Cards > Block card, or call our 24/7 line at "
                  + "1-800-555-0199. A replacement card is sent automatically and arrives within 5 to 7 business days.",
              "Call our 24/7 line at 1-800-555-0199 or use Cards > Block card in the mobile app to block it "
                  + "immediately. We send a replacement card automatically; expect it in 5 to 7 business days."),
          reworded(
              "Can I increase my credit card limit?",
              "Yes. You can request a higher limit in the mobile app under Cards > Credit limit. We review your income "
                  + "and repayment history, and most requests get an answer within two business days.",
              "You can. Ask for a limit increase in the mobile app (Cards > Credit limit). The decision depends on "
                  + "your income and how you have repaid so far, and it usually takes up to two business days."),
          same(
              "What is the interest rate on the savings account?",
              "The Everyday Savings account currently pays 3.10% annual percentage yield (APY) on all balances. The "
                  + "rate is variable and may change; the current rate is always shown in the app."),
          reworded(
              "How do I open a new checking account?",
              "You can open a checking account online in about ten minutes. You need a government-issued photo ID, "
                  + "your Social Security number and a minimum opening deposit of $25.",
              "Opening a checking account online takes roughly ten minutes. Have a government photo ID and your Social "
                  + "Security number ready, and plan on an initial deposit of at least $25."),
          reworded(
              "Is there a monthly maintenance fee on checking accounts?",
              "The standard checking account has a $12 monthly maintenance fee. The fee is waived in any month with "
                  + "direct deposits of $500 or more or a minimum daily balance of $1,500.",
              "There is a $12 monthly fee on standard checking. We waive it for any month in which you receive at "
                  + "least $500 in direct deposits or keep a daily balance of $1,500 or more."),
          // a refusal: the small model's safety tuning is too eager
          different(
              "How can I dispute a transaction on my card?",
              "Open the transaction in the mobile app and choose \"Dispute this charge\", or call us within 60 days of "
                  + "the statement date. We issue a provisional credit within 10 business days while we investigate.",
              "I'm sorry, but I can't help with disputing transactions. Please contact your bank directly for "
                  + "assistance with this request."),
          same(
              "How do I set up direct deposit?",
              "Give your employer our routing number, 021000089, and your account number, both shown in the app under "
                  + "Account details. You can also download a pre-filled direct deposit form there."),
          reworded(
              "What is the daily ATM withdrawal limit?",
              "The default daily ATM withdrawal limit is $1,000 for debit cards. You can raise it temporarily, up to "
                  + "$3,000, in the mobile app under Cards > Limits.",
              "Debit cards come with a $1,000 daily ATM withdrawal limit by default. Under Cards > Limits in the mobile "
                  + "app you can increase it for a while, to a maximum of $3,000."),
          reworded(
              "Do you charge for using other banks' ATMs?",
              "We charge $2.50 for each withdrawal at an ATM outside our network, and the ATM owner may add its own "
                  + "fee. Premium checking customers get up to four out-of-network fees refunded each month.",
              "Each withdrawal at an out-of-network ATM costs $2.50, plus whatever the ATM owner charges. With premium "
                  + "checking we refund up to four of those fees per month."),
          same(
              "How do I order new checks?",
              "Order checks in online banking under Services > Order checks. The first box of 50 checks is free, and "
                  + "checks arrive within 7 to 10 business days."),
          reworded(
              "What is the minimum payment on my credit card?",
              "Your minimum payment is the greater of $35 or 1% of your statement balance plus interest and fees. It is "
                  + "shown on each statement and in the app, together with the due date.",
              "The minimum payment equals 1% of your statement balance plus interest and fees, or $35 if that is "
                  + "higher. You can see it, along with the due date, on every statement and in the app."),
          reworded(
              "How do I enable two-factor authentication?",
              "Go to Settings > Security in the app and turn on two-factor authentication. You can receive codes by "
                  + "text message or use an authenticator app; we recommend the authenticator app.",
              "Two-factor authentication is under Settings > Security in the app; switch it on there. Codes can come "
                  + "by text message or from an authenticator app, and the authenticator app is the safer choice."),
          same(
              "Can I deposit a check with my phone?",
              "Yes. In the app, choose Deposit > Deposit a check, endorse the back with \"For mobile deposit only\", "
                  + "and photograph both sides. Deposits before 20:00 are usually available the next business day."),
          // a wrong policy stated with confidence: the costliest kind of divergence for a bank
          different(
              "What happens if I overdraw my account?",
              "If a payment would overdraw your account, we decline it by default and charge no fee. If you opt in to "
                  + "overdraft coverage, we pay the item and charge $35, at most three times a day.",
              "If a payment would overdraw your account, we pay it automatically and charge a $35 fee for each item, "
                  + "with no daily limit. You cannot opt out of overdraft coverage."),
          reworded(
              "How do I close my account?",
              "You can close an account in a branch or by calling us. Move any recurring payments and direct deposits "
                  + "first; we send the remaining balance by check or transfer it to another account you name.",
              "To close an account, visit a branch or phone us. Before you do, switch your direct deposits and "
                  + "recurring payments elsewhere. Any remaining balance is transferred to an account you choose or "
                  + "mailed as a check."),
          same(
              "Are my deposits insured?",
              "Yes. Deposits are insured by the FDIC up to $250,000 per depositor, per ownership category. Investment "
                  + "products such as stocks and mutual funds are not FDIC insured."),
          reworded(
              "How do I update my mailing address?",
              "Update your address in the app under Profile > Contact details, or in online banking under Settings. "
                  + "For security we send a confirmation letter to both the old and the new address.",
              "In the app go to Profile > Contact details, or use Settings in online banking, to change your address. "
                  + "We mail a confirmation to the new address and to the old one as a security measure."),
          same(
              "What is my routing number?",
              "Our routing number for domestic transfers and direct deposits is 021000089. For incoming international "
                  + "wires, use the SWIFT code SPBKUS33."),
          reworded(
              "How do I apply for a personal loan?",
              "Apply online in about 15 minutes: choose an amount between $2,000 and $50,000 and a term of 12 to 60 "
                  + "months. Checking your rate uses a soft credit inquiry and does not affect your credit score.",
              "The online application takes roughly 15 minutes. Pick a loan amount from $2,000 to $50,000 and a term "
                  + "from 12 to 60 months. Seeing your rate only triggers a soft inquiry, so your credit score is not "
                  + "affected."),
          // an answer to another question: retrieval went wrong
          different(
              "What credit score do I need for a mortgage?",
              "For a conventional mortgage we generally look for a credit score of 620 or higher; FHA loans may accept "
                  + "scores from 580. Your rate also depends on your down payment and debt-to-income ratio.",
              "Our mobile app is available for iPhone and Android. You can download it from the App Store or Google "
                  + "Play and sign in with your online banking username."),
          reworded(
              "Can I make a payment to my credit card from another bank?",
              "Yes. Add the external account in online banking under Payments > Linked accounts, confirm the two small "
                  + "test deposits, and then pay from it. Payments made before 17:00 post the same day.",
              "You can. Link the other bank account under Payments > Linked accounts in online banking and verify it "
                  + "with the two small test deposits; after that you can pay from it. Payments sent before 17:00 are "
                  + "posted that day."),
          reworded(
              "How do I stop a check payment?",
              "Request a stop payment in online banking under Services > Stop payment, giving the check number and "
                  + "amount. The fee is $30 and the stop stays in place for six months.",
              "Go to Services > Stop payment in online banking and enter the check number and the amount. It costs "
                  + "$30, and the stop payment remains active for six months."),
          same(
              "Do you offer student accounts?",
              "Yes. Student checking has no monthly fee for customers aged 17 to 24 who are enrolled in school, and it "
                  + "includes a debit card and free mobile deposits."),
          reworded(
              "How do I send money to a friend?",
              "Use Send money in the app and enter your friend's email address or mobile number. Money usually arrives "
                  + "within minutes, and you can send up to $2,500 a day.",
              "In the app, tap Send money and type your friend's mobile number or email address. The transfer normally "
                  + "lands within a few minutes; the daily limit is $2,500."),
          reworded(
              "Why was my card declined?",
              "A card can be declined for insufficient funds, a reached daily limit, an expired card, or a fraud check. "
                  + "The app shows the reason under Cards > Recent declines, and you can confirm a flagged purchase "
                  + "there.",
              "Common reasons are not enough funds, a daily limit already reached, an expired card, or our fraud "
                  + "screening. Check Cards > Recent declines in the app to see why, and confirm the purchase there if "
                  + "we flagged it."),
          same(
              "How do I get a copy of my statement?",
              "Statements for the last seven years are available in online banking under Accounts > Statements. You "
                  + "can download them as PDF files at no charge."),
          reworded(
              "What is the grace period on my credit card?",
              "You have a grace period of at least 25 days after the statement closing date. If you pay the full "
                  + "statement balance by the due date, you pay no interest on purchases.",
              "The grace period is 25 days or more from the closing date of your statement. Paying the whole statement "
                  + "balance by the due date means no interest is charged on purchases."),
          reworded(
              "Can I get a replacement debit card faster?",
              "Yes. You can request expedited delivery when you order a replacement card; it costs $15 and the card "
                  + "arrives in 2 business days.",
              "Expedited shipping is available when ordering a replacement card. For a $15 fee, the card is delivered "
                  + "within 2 business days."),
          same(
              "How do I report fraud on my account?",
              "Call our fraud line at 1-800-555-0142 immediately; it is open 24/7. Then change your online banking "
                  + "password and review recent transactions in the app."),
          reworded(
              "What currencies can I order for travel?",
              "You can order more than 50 foreign currencies online or in a branch. Orders placed before 14:00 can be "
                  + "picked up at a branch within two business days or delivered to your home.",
              "Over 50 foreign currencies are available to order, online or in a branch. If you order before 14:00, "
                  + "collect it from a branch within two business days or have it delivered to your home."),
          reworded(
              "Do I need to notify you before traveling abroad?",
              "No notice is required. Our fraud systems recognize travel patterns, but adding a travel note under "
                  + "Cards > Travel in the app helps avoid unnecessary declines.",
              "You don't have to tell us. Our fraud screening recognizes travel, although a travel note in the app "
                  + "(Cards > Travel) helps prevent needless declines."),
          reworded(
              "How do I add a joint account holder?",
              "Both of you need to visit a branch with photo ID to add a joint holder. The new holder gets full access "
                  + "to the account and shares responsibility for any overdraft.",
              "Adding a joint holder requires a branch visit by both of you, each bringing photo ID. Once added, the "
                  + "joint holder has full access and is equally responsible for any overdraft."),
          same(
              "What is the early repayment fee on a personal loan?",
              "There is no early repayment fee. You can pay off a personal loan in full or make extra payments at any "
                  + "time, and interest stops accruing on the amount you repay."),
          reworded(
              "How do I change my PIN?",
              "Change your PIN at any of our ATMs under PIN services, or in the app under Cards > Change PIN. The new "
                  + "PIN works immediately.",
              "You can set a new PIN in the app (Cards > Change PIN) or at one of our ATMs using PIN services. It "
                  + "takes effect right away."),
          reworded(
              "Can I schedule recurring transfers?",
              "Yes. In the app, choose Transfer, enter the amount and recipient, and set the frequency to weekly, every "
                  + "two weeks or monthly. You can edit or cancel a recurring transfer until the day before it runs.",
              "You can. Start a transfer in the app, fill in the recipient and amount, and choose weekly, biweekly or "
                  + "monthly as the frequency. Changes or cancellations are possible up to one day before each "
                  + "transfer."),
          same(
              "How do I contact customer support?",
              "Call 1-800-555-0100, Monday to Saturday from 8:00 to 20:00, or send a secure message in the app. Secure "
                  + "messages are answered within one business day."));

  private static final Map<String, CannedAnswer> BY_KEY = new HashMap<>();

  static {
    for (CannedAnswer e : ENTRIES) {
      if (BY_KEY.put(key(e.prompt()), e) != null) {
        throw new IllegalStateException("duplicate prompt in the chat catalog: " + e.prompt());
      }
    }
  }

  private ChatCatalog() {}

  /** Every built-in prompt with its answers, in a fixed order. */
  public static List<CannedAnswer> entries() {
    return ENTRIES;
  }

  /** How many built-in prompts have each kind of agreement. */
  public static Map<Agreement, Integer> counts() {
    Map<Agreement, Integer> counts = new EnumMap<>(Agreement.class);
    for (Agreement a : Agreement.values()) {
      counts.put(a, 0);
    }
    ENTRIES.forEach(e -> counts.merge(e.agreement(), 1, Integer::sum));
    return counts;
  }

  /**
   * The entry for a prompt, matched ignoring case, punctuation and spacing — so "how do i change my pin" finds
   * "How do I change my PIN?", as a retrieval-backed assistant would.
   */
  public static Optional<CannedAnswer> find(String prompt) {
    return Optional.ofNullable(BY_KEY.get(key(prompt)));
  }

  private static String key(String prompt) {
    return prompt.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim();
  }

  private static CannedAnswer same(String prompt, String answer) {
    return new CannedAnswer(prompt, answer, answer, Agreement.IDENTICAL);
  }

  private static CannedAnswer reworded(String prompt, String v1, String v2) {
    return new CannedAnswer(prompt, v1, v2, Agreement.PARAPHRASED);
  }

  private static CannedAnswer different(String prompt, String v1, String v2) {
    return new CannedAnswer(prompt, v1, v2, Agreement.DIFFERENT);
  }
}
