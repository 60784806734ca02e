package net.mobilemessaging.xmpp;

import org.xmpp.packet.IQ;

/** Answers the IQs of one namespace for a {@link ServiceComponent}. Implementations are thread-safe. */
@FunctionalInterface
public interface IqHandler {

    /**
     * @param request a get or set IQ whose child element is in the handler's namespace
     * @return the answer: a result, or an error built with {@link IqErrors}; never null
     */
    IQ handle(IQ request);
}
